package scimdemo

import (
	"fmt"
	"net/http"

	"github.com/elimity-com/scim"
	scimerrors "github.com/elimity-com/scim/errors"
	"github.com/elimity-com/scim/optional"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
)

// groupHandler serves directory groups as SCIM Group resources.
type groupHandler struct {
	readOnly
	groups  []directory.Group
	index   map[string]int
	baseURL string
}

// newGroupHandler indexes groups by id.
func newGroupHandler(groups []directory.Group, baseURL string) (*groupHandler, error) {
	index, err := buildIndex(len(groups), func(i int) string { return groups[i].ID })
	if err != nil {
		return nil, err
	}
	return &groupHandler{groups: groups, index: index, baseURL: baseURL}, nil
}

// Get returns the group with the given id, or a SCIM 404 error.
func (h *groupHandler) Get(r *http.Request, id string) (scim.Resource, error) {
	i, ok := h.index[id]
	if !ok {
		return scim.Resource{}, scimerrors.ScimErrorResourceNotFound(id)
	}
	return h.resource(i, excludedAttributes(r)), nil
}

// GetAll returns one page of groups in directory order.
func (h *groupHandler) GetAll(r *http.Request, params scim.ListRequestParams) (scim.Page, error) {
	page, err := listPage(r, params, source{total: len(h.groups), resource: h.resource, bulky: "members"})
	if err != nil {
		return scim.Page{}, fmt.Errorf("listing groups: %w", err)
	}
	return page, nil
}

// resource renders group j. Members are encoded lazily by memberList, so a
// group with a million members costs no per-member allocation here.
func (h *groupHandler) resource(j int, ex exclusion) scim.Resource {
	g := &h.groups[j]
	attrs := scim.ResourceAttributes{"displayName": g.DisplayName}
	if len(g.Members) > 0 {
		attrs["members"] = memberList{members: g.Members, baseURL: h.baseURL}
	}
	res := scim.Resource{ID: g.ID, Attributes: attrs}
	if g.ExternalID != "" && !ex.excludes("externalId") {
		res.ExternalID = optional.NewString(g.ExternalID)
	}
	ex.apply(attrs)
	return res
}
