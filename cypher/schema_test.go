package cypher

import (
	"errors"
	"fmt"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestAlreadyExists: a schema rule another run created in the meantime is
// success; any other schema error is not.
func TestAlreadyExists(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&neo4j.Neo4jError{Code: "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists"}, true},
		{fmt.Errorf("wrapped: %w", &neo4j.Neo4jError{Code: "Neo.ClientError.Schema.ConstraintAlreadyExists"}), true},
		{&neo4j.Neo4jError{Code: "Neo.ClientError.Schema.IndexAlreadyExists"}, true},
		{&neo4j.Neo4jError{Code: "Neo.ClientError.Schema.ConstraintValidationFailed"}, false},
		{&neo4j.Neo4jError{Code: "Neo.ClientError.Security.Forbidden"}, false},
		{errors.New("EquivalentSchemaRuleAlreadyExists"), false},
	}
	for _, tt := range tests {
		if got := alreadyExists(tt.err); got != tt.want {
			t.Errorf("alreadyExists(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}
