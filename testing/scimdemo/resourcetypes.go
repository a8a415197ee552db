package scimdemo

import (
	"github.com/elimity-com/scim"
	"github.com/elimity-com/scim/optional"
	"github.com/elimity-com/scim/schema"
)

// enterpriseUserURN is the id of the enterprise user extension schema, also
// the attribute key its values are nested under.
var enterpriseUserURN = schema.ExtensionEnterpriseUser().ID

// resourceTypes declares the User (with the enterprise extension) and Group
// resource types backed by the given handlers.
func resourceTypes(users *userHandler, groups *groupHandler) []scim.ResourceType {
	return []scim.ResourceType{
		{
			ID:          optional.NewString("User"),
			Name:        "User",
			Description: optional.NewString("User Account"),
			Endpoint:    "/Users",
			Schema:      schema.CoreUserSchema(),
			SchemaExtensions: []scim.SchemaExtension{
				{Schema: schema.ExtensionEnterpriseUser()},
			},
			Handler: users,
		},
		{
			ID:          optional.NewString("Group"),
			Name:        "Group",
			Description: optional.NewString("Group"),
			Endpoint:    "/Groups",
			Schema:      schema.CoreGroupSchema(),
			Handler:     groups,
		},
	}
}

// serviceProviderConfig advertises bearer authentication, filtering and the
// page size cap (as filter.maxResults, which the library also uses to cap
// and default the count parameter).
func serviceProviderConfig(cfg config) *scim.ServiceProviderConfig {
	return &scim.ServiceProviderConfig{
		AuthenticationSchemes: []scim.AuthenticationScheme{{
			Type:        scim.AuthenticationTypeOauthBearerToken,
			Name:        "OAuth Bearer Token",
			Description: "Authentication scheme using the OAuth Bearer Token Standard",
			SpecURI:     optional.NewString("https://www.rfc-editor.org/info/rfc6750"),
			Primary:     true,
		}},
		MaxResults:       cfg.maxPageSize,
		SupportFiltering: true,
	}
}
