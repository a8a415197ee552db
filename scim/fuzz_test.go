package scim

import (
	"encoding/json"
	"testing"
)

// FuzzDecodePage feeds arbitrary bytes through the page and resource
// decoders: they must return an error or a value, never panic.
func FuzzDecodePage(f *testing.F) {
	f.Add([]byte(`{"totalResults":2,"itemsPerPage":2,"startIndex":1,"Resources":[{"id":"1","userName":"a","emails":[{"value":"a@x","primary":true}]},{"id":"2"}]}`))
	f.Add([]byte(`{"totalResults":"3","Resources":[{"id":"g","members":[{"value":"1","type":"User","$ref":"../Users/1"}]}]}`))
	f.Add([]byte(`{"Resources":[{"id":1,"active":"true","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"2"}}}]}`))
	f.Add([]byte(`{"Resources":null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var page listResponse
		if err := json.Unmarshal(data, &page); err != nil {
			return
		}
		for _, raw := range page.Resources {
			if u, _, err := decodeResource[User]("Users", raw); err == nil && u.resourceID() == "" {
				t.Fatal("decoded a user without id")
			}
			if g, _, err := decodeResource[Group]("Groups", raw); err == nil {
				for _, m := range g.Members {
					_ = m.Kind()
				}
			}
		}
	})
}
