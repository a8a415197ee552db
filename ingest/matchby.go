package ingest

import (
	"fmt"
	"strings"
)

// MatchBy names the account attribute a connection's correlation keys
// come from: accounts of all connections that carry the same key belong to
// one Identity.
type MatchBy string

// The correlation attributes a connection can choose.
const (
	// MatchByEmail keys an account by its primary email (the one marked
	// primary, else the first work email, else the first email), else by
	// its userName when that is an email address. The default.
	MatchByEmail MatchBy = "email"
	// MatchByUserName keys an account by its userName.
	MatchByUserName MatchBy = "userName"
	// MatchByExternalID keys an account by its externalId.
	MatchByExternalID MatchBy = "externalId"
)

// ParseMatchBy reads a correlation attribute name, case-insensitively;
// "" means MatchByEmail.
func ParseMatchBy(s string) (MatchBy, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "email":
		return MatchByEmail, nil
	case "username":
		return MatchByUserName, nil
	case "externalid":
		return MatchByExternalID, nil
	}
	return "", fmt.Errorf("%q: want email, userName or externalId", s)
}

// orDefault maps the zero value to MatchByEmail.
func (m MatchBy) orDefault() MatchBy {
	if m == "" {
		return MatchByEmail
	}
	return m
}
