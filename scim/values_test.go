package scim

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestValueCoercion(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     User
		wantWarn string // attributes dropped, "" for none
		wantErr  bool
	}{
		{"plain", `{"id":"1","userName":"a","active":true}`, User{ID: "1", UserName: "a", Active: ptr(Bool(true))}, "", false},
		{"active as string", `{"id":"1","active":"False"}`, User{ID: "1", Active: ptr(Bool(false))}, "", false},
		{"numeric id", `{"id":42,"userName":"a"}`, User{ID: "42", UserName: "a"}, "", false},
		{"case-insensitive names", `{"ID":"1","USERNAME":"a","Active":false}`, User{ID: "1", UserName: "a", Active: ptr(Bool(false))}, "", false},
		{"null values", `{"id":"1","userName":null,"active":null}`, User{ID: "1"}, "", false},
		{"object for a string is dropped", `{"id":"1","userName":"a","title":{"x":1}}`, User{ID: "1", UserName: "a"}, "title", false},
		{"active not a boolean is dropped", `{"id":"1","userName":"a","active":"maybe","emails":"x"}`, User{ID: "1", UserName: "a"}, "active, emails", false},
		{"id unusable", `{"id":{"x":1},"userName":"a"}`, User{}, "", true},
		{"no id", `{"userName":"a"}`, User{}, "", true},
		{"not an object", `["a"]`, User{}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warn, err := decodeResource[User]("Users", json.RawMessage(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			switch {
			case tt.wantWarn == "" && warn != nil:
				t.Fatalf("unexpected warning %v", warn)
			case tt.wantWarn != "" && (warn == nil || warn.ID != "1" || !strings.HasSuffix(warn.Error(), ": "+tt.wantWarn)):
				t.Fatalf("warning %v, want one for resource 1 naming %q", warn, tt.wantWarn)
			}
			if got.ID != tt.want.ID || got.UserName != tt.want.UserName || (got.Active == nil) != (tt.want.Active == nil) ||
				(got.Active != nil && *got.Active != *tt.want.Active) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestMemberKind(t *testing.T) {
	tests := []struct {
		m    Member
		want MemberKind
	}{
		{Member{Value: "1", Type: "User"}, MemberUser},
		{Member{Value: "1", Type: "group"}, MemberGroup},
		{Member{Value: "1", Ref: "https://x.example/scim/v2/Users/1"}, MemberUser},
		{Member{Value: "1", Ref: "https://x.example/scim/v2/Groups/1"}, MemberGroup},
		{Member{Value: "1", Ref: "../Groups/1?x=y"}, MemberGroup},
		{Member{Value: "1", Ref: "Users/1"}, MemberUser},
		{Member{Value: "1"}, MemberUnknown},
		{Member{Value: "1", Type: "direct"}, MemberUnknown},
	}
	for _, tt := range tests {
		if got := tt.m.Kind(); got != tt.want {
			t.Errorf("%+v.Kind() = %v, want %v", tt.m, got, tt.want)
		}
	}
}

func ptr[T any](v T) *T { return &v }
