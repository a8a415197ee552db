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

func TestMatchKeyByAttribute(t *testing.T) {
	user := scim.User{ID: "1", UserName: " Ann.Archer ", ExternalID: " E-0042 ",
		Emails: []scim.Email{{Value: "Ann@Example.com", Primary: true}}}
	tests := []struct {
		matchBy MatchBy
		user    scim.User
		want    string
	}{
		{"", user, "ann@example.com"},
		{MatchByEmail, user, "ann@example.com"},
		{MatchByUserName, user, "ann.archer"},
		{MatchByExternalID, user, "e-0042"},
		{MatchByExternalID, scim.User{ID: "2", UserName: "bob@example.com"}, ""},
		{MatchByUserName, scim.User{ID: "3", UserName: "   "}, ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.matchBy)+"/"+string(tt.user.ID), func(t *testing.T) {
			if got := userRow("c", tt.matchBy, tt.user).MatchKey; got != tt.want {
				t.Fatalf("matchKey = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseMatchBy(t *testing.T) {
	tests := []struct {
		in      string
		want    MatchBy
		wantErr bool
	}{
		{"", MatchByEmail, false},
		{"EMAIL", MatchByEmail, false},
		{"userName", MatchByUserName, false},
		{" externalid ", MatchByExternalID, false},
		{"phone", "", true},
	}
	for _, tt := range tests {
		got, err := ParseMatchBy(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseMatchBy(%q) = %q, %v", tt.in, got, err)
		}
	}
}
