package scimdemo_test

import (
	"encoding/json"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/scimdemo"
)

func ExampleNewHandler() {
	dir := directory.Generate(directory.Options{Users: 2500, Groups: 100, Seed: 1})
	h, err := scimdemo.NewHandler(dir, "token", slog.New(slog.DiscardHandler), scimdemo.WithMaxPageSize(1000))
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	req, err := http.NewRequest(http.MethodGet, srv.URL+"/scim/v2/Users?startIndex=2001&count=5000", nil)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer token")
	resp, err := srv.Client().Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	var page struct {
		TotalResults int               `json:"totalResults"`
		ItemsPerPage int               `json:"itemsPerPage"`
		StartIndex   int               `json:"startIndex"`
		Resources    []json.RawMessage `json:"Resources"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, page.TotalResults, page.StartIndex, page.ItemsPerPage, len(page.Resources))
	// Output: 200 2500 2001 500 500
}
