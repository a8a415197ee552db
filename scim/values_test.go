package scim

import (
	"encoding/json"
	"testing"
)

func TestValueCoercion(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    User
		wantErr bool
	}{
		{"plain", `{"id":"1","userName":"a","active":true}`, User{ID: "1", UserName: "a", Active: ptr(Bool(true))}, false},
		{"active as string", `{"id":"1","active":"False"}`, User{ID: "1", Active: ptr(Bool(false))}, false},
		{"numeric id", `{"id":42,"userName":"a"}`, User{ID: "42", UserName: "a"}, false},
		{"case-insensitive names", `{"ID":"1","USERNAME":"a","Active":false}`, User{ID: "1", UserName: "a", Active: ptr(Bool(false))}, false},
		{"null values", `{"id":"1","userName":null,"active":null}`, User{ID: "1"}, false},
		{"object for a string", `{"id":"1","userName":{"x":1}}`, User{}, true},
		{"active not a boolean", `{"id":"1","active":"maybe"}`, User{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeResource[User]("Users", json.RawMessage(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil {
				if re, ok := err.(*ResourceError); !ok || re.ID != "1" {
					t.Fatalf("error %v does not name resource 1", err)
				}
				return
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
