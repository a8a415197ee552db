package ingest

import (
	"testing"

	"github.com/scim2neo4j/scim2neo4j/scim"
)

func TestMatchKey(t *testing.T) {
	tests := []struct {
		name   string
		emails []scim.Email
		user   string
		want   string
	}{
		{"primary wins", []scim.Email{{Value: "home@x.org", Type: "home"}, {Value: " Ann@X.org ", Primary: true}}, "ann", "ann@x.org"},
		{"first work email", []scim.Email{{Value: "home@x.org", Type: "home"}, {Value: "Work@X.org", Type: "Work"}}, "", "work@x.org"},
		{"first email", []scim.Email{{Value: "a@x.org", Type: "home"}, {Value: "b@x.org", Type: "other"}}, "", "a@x.org"},
		{"userName that is an email", nil, "Bob@Example.com", "bob@example.com"},
		{"userName that is not an email", nil, "bob", ""},
		{"display form is not an email", nil, "Bob <bob@example.com>", ""},
		{"blank emails skipped", []scim.Email{{Value: "  ", Primary: true}, {Value: "c@x.org"}}, "", "c@x.org"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := userRow("conn", MatchByEmail, scim.User{ID: "1", UserName: scim.String(tt.user), Emails: tt.emails})
			if row.MatchKey != tt.want {
				t.Fatalf("matchKey = %q, want %q", row.MatchKey, tt.want)
			}
		})
	}
}

func TestUserRowDefaults(t *testing.T) {
	f := scim.Bool(false)
	if !userRow("c", "", scim.User{ID: "1"}).Active {
		t.Error("an account without 'active' should be taken as active")
	}
	if userRow("c", "", scim.User{ID: "1", Active: &f}).Active {
		t.Error("active=false was lost")
	}
	if uid := userRow("c", "", scim.User{ID: "x/y"}).UID; uid != "c/x/y" {
		t.Errorf("uid = %q", uid)
	}
}
