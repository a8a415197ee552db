package scimdemo

import (
	"fmt"
	"net/http"

	"github.com/elimity-com/scim"
	scimerrors "github.com/elimity-com/scim/errors"
	"github.com/elimity-com/scim/optional"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
)

// userHandler serves directory users as SCIM User resources.
type userHandler struct {
	readOnly
	users   []directory.User
	index   map[string]int
	baseURL string
}

// newUserHandler indexes users by id.
func newUserHandler(users []directory.User, baseURL string) (*userHandler, error) {
	index, err := buildIndex(len(users), func(i int) string { return users[i].ID })
	if err != nil {
		return nil, err
	}
	return &userHandler{users: users, index: index, baseURL: baseURL}, nil
}

// Get returns the user with the given id, or a SCIM 404 error.
func (h *userHandler) Get(r *http.Request, id string) (scim.Resource, error) {
	i, ok := h.index[id]
	if !ok {
		return scim.Resource{}, scimerrors.ScimErrorResourceNotFound(id)
	}
	return h.resource(i, excludedAttributes(r)), nil
}

// GetAll returns one page of users in directory order.
func (h *userHandler) GetAll(r *http.Request, params scim.ListRequestParams) (scim.Page, error) {
	page, err := listPage(r, params, source{total: len(h.users), resource: h.resource})
	if err != nil {
		return scim.Page{}, fmt.Errorf("listing users: %w", err)
	}
	return page, nil
}

// resource renders user i. Empty strings are omitted (unassigned).
func (h *userHandler) resource(i int, ex exclusion) scim.Resource {
	u := &h.users[i]
	attrs := scim.ResourceAttributes{"userName": u.UserName, "active": u.Active}
	putString(attrs, "displayName", u.DisplayName)
	putString(attrs, "title", u.Title)

	if u.GivenName != "" || u.FamilyName != "" {
		attrs["name"] = nameJSON{GivenName: u.GivenName, FamilyName: u.FamilyName}
	}
	if len(u.Emails) > 0 {
		attrs["emails"] = emailList(u.Emails)
	}
	ext := enterpriseJSON{EmployeeNumber: u.EmployeeNumber, Department: u.Department}
	if u.ManagerID != "" {
		ext.Manager = &managerJSON{Value: u.ManagerID, Ref: h.baseURL + "/Users/" + u.ManagerID}
	}
	if ext != (enterpriseJSON{}) {
		attrs[enterpriseUserURN] = ext
	}

	res := scim.Resource{ID: u.ID, Attributes: attrs}
	if u.ExternalID != "" && !ex.excludes("externalId") {
		res.ExternalID = optional.NewString(u.ExternalID)
	}
	ex.apply(attrs)
	return res
}

// putString sets m[key] = value unless value is empty.
func putString(m map[string]any, key, value string) {
	if value != "" {
		m[key] = value
	}
}
