package scim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
)

// The fuzz targets below drive the streaming decoders that a sync runs
// on every page (decodeList with decodeRaw for users, decodeGroupStream
// for groups), not a whole-page unmarshal: whatever the bytes, they
// return an error or resources that keep the decoders' promises, and
// never panic. Seeds are in the code and in testdata/fuzz/.

// streamSeeds are pages shaped like what providers send, well-formed or
// not.
var streamSeeds = []string{
	`{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":2,"itemsPerPage":2,"startIndex":1,"Resources":[{"id":"1","userName":"a@x","emails":[{"value":"a@x","primary":true}],"active":true},{"id":"2","userName":"b"}]}`,
	`{"TOTALRESULTS":"3","resources":[{"ID":"g1","displayName":"G","members":[{"value":"1","type":"User","$ref":"../Users/1"},{"value":"g2","type":"Group"},{"value":"3"}]}]}`,
	`{"Resources":[{"id":1,"active":"true","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"2"},"employeeNumber":7}}]}`,
	`{"Resources":[{"id":"g","members":[1,"x",null,{"value":{"a":1}}],"displayName":["a"]}],"nextCursor":"c2"}`,
	`{"Resources":null,"totalResults":0}`,
	`{"Resources":[[1,2],"str",null,{"id":""}]}`,
	`{"Resources":[{"id":"g","members":[{"value":"1"}`,
	`[]`,
}

// fuzzLister is a group lister whose parts of large groups are
// collected instead of sent downstream.
func fuzzLister() (*lister[Group], func() []Group) {
	out := make(chan []Group, 4)
	var parts []Group
	done := make(chan struct{})
	go func() {
		for batch := range out {
			parts = append(parts, batch...)
		}
		close(done)
	}()
	l := &lister[Group]{path: "Groups", out: out, seen: map[uint64]struct{}{}}
	return l, func() []Group { close(out); <-done; return parts }
}

// largeGroupPage is a page with one group of n members, large enough to
// be passed on in parts when n exceeds groupPartSize.
func largeGroupPage(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"Resources":[{"id":"big","members":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"value":"u%d"}`, i)
	}
	b.WriteString(`],"displayName":"All"}]}`)
	return b.Bytes()
}

// FuzzDecodeUserList decodes arbitrary bytes as a page of users the way
// a sync does. A decoded user always has an id of at most MaxIDBytes,
// and the page never counts fewer elements than it decoded.
func FuzzDecodeUserList(f *testing.F) {
	for _, s := range streamSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var meta listMeta
		page := &pageState[User]{}
		err := decodeList(json.NewDecoder(bytes.NewReader(data)), &meta, func(dec *json.Decoder) error {
			return decodeRaw("Users", dec, page)
		})
		if err != nil {
			return
		}
		if got := len(page.resources) + len(page.skipped); got != meta.Resources {
			t.Fatalf("page counted %d resources, decoded %d and skipped %d", meta.Resources, len(page.resources), len(page.skipped))
		}
		for _, u := range page.resources {
			if u.ID == "" || len(u.ID) > MaxIDBytes {
				t.Fatalf("decoded a user with id of %d bytes", len(u.ID))
			}
		}
	})
}

// FuzzDecodeGroupList decodes arbitrary bytes as a page of groups the
// way a sync does, parts of large groups included. A decoded group (or
// part) always has an id, and a group's member count equals the members
// passed on in its parts plus those it holds.
func FuzzDecodeGroupList(f *testing.F) {
	for _, s := range streamSeeds {
		f.Add([]byte(s))
	}
	f.Add(largeGroupPage(groupPartSize + 3))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, partsOf := fuzzLister()
		var meta listMeta
		page := &pageState[Group]{}
		err := decodeList(json.NewDecoder(bytes.NewReader(data)), &meta, func(dec *json.Decoder) error {
			return decodeGroupStream(context.Background(), l, dec, page)
		})
		parts := partsOf()
		if err != nil {
			return
		}
		inParts := map[String]int{}
		for _, p := range parts {
			if p.ID == "" || !p.Partial {
				t.Fatalf("part without id or not marked partial: %+v", p.ID)
			}
			inParts[p.ID] += len(p.Members)
		}
		for _, g := range page.resources {
			if g.ID == "" || len(g.ID) > MaxIDBytes {
				t.Fatalf("decoded a group with id of %d bytes", len(g.ID))
			}
			if want := inParts[g.ID] + len(g.Members); g.MemberCount != want {
				t.Fatalf("group %q: member count %d, members passed on %d", g.ID, g.MemberCount, want)
			}
		}
	})
}
