package scimdemo

import (
	"net/http"
	"strings"

	"github.com/elimity-com/scim"
)

// exclusion is the set of top-level attributes a client excluded with the
// excludedAttributes query parameter (RFC 7644 section 3.4.2.5), lower-cased.
// The library ignores that parameter; honouring it lets clients list groups
// without their (possibly huge) member lists. Sub-attribute paths are not
// supported and are ignored.
type exclusion map[string]bool

// excludedAttributes parses the excludedAttributes parameter of r.
func excludedAttributes(r *http.Request) exclusion {
	raw := r.URL.Query().Get("excludedAttributes")
	if raw == "" {
		return nil
	}
	ex := exclusion{}
	for _, name := range strings.Split(raw, ",") {
		ex[strings.ToLower(strings.TrimSpace(name))] = true
	}
	return ex
}

// excludes reports whether the attribute named key was excluded.
func (ex exclusion) excludes(key string) bool {
	return len(ex) > 0 && ex[strings.ToLower(key)]
}

// apply removes excluded attributes from attrs. Attributes that are always
// returned (id, schemas, meta) are added by the library afterwards.
func (ex exclusion) apply(attrs scim.ResourceAttributes) {
	if len(ex) == 0 {
		return
	}
	for key := range attrs {
		if ex.excludes(key) {
			delete(attrs, key)
		}
	}
}
