package neo4jtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/scim2neo4j/scim2neo4j/cypher"
)

// IdentityDomain returns an email domain unique to this test, for the
// accounts of tests that reconcile identities: their identity keys end
// with it, so they never share an Identity with another test running
// against the same database. When the test ends, every Identity whose key
// ends with the domain is deleted.
func IdentityDomain(t testing.TB, store *cypher.Store) string {
	t.Helper()
	var b [4]byte
	_, _ = rand.Read(b[:])
	domain := "t" + hex.EncodeToString(b[:]) + ".test"
	t.Cleanup(func() { PurgeIdentities(t, store, domain) })
	return domain
}

// PurgeIdentities deletes the Identity nodes whose key ends with suffix.
func PurgeIdentities(t testing.TB, store *cypher.Store, suffix string) {
	t.Helper()
	Query(t, store, `MATCH (i:Identity) WHERE i.key ENDS WITH $s DETACH DELETE i`, map[string]any{"s": suffix})
}

// PurgeConnectionIdentities deletes the Identity nodes that hold accounts
// of the connection and none of any other connection, and those of its
// accounts without a correlation key. ConnectionName's cleanup runs it
// before Purge, which deletes the accounts and with them the links that
// find these identities.
func PurgeConnectionIdentities(t testing.TB, store *cypher.Store, connection string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for _, stmt := range []string{`
MATCH (i:Identity)-[:HAS_ACCOUNT]->(:User {connection: $c})
WITH DISTINCT i
WHERE NOT EXISTS { MATCH (i)-[:HAS_ACCOUNT]->(u:User) WHERE u.connection <> $c }
CALL (i) { DETACH DELETE i } IN TRANSACTIONS OF 5000 ROWS`, `
MATCH (i:Identity) WHERE i.key STARTS WITH $own + $c + '/'
CALL (i) { DETACH DELETE i } IN TRANSACTIONS OF 5000 ROWS`,
	} {
		// CALL { } IN TRANSACTIONS needs an implicit transaction.
		session := store.Driver().NewSession(ctx, neo4j.SessionConfig{DatabaseName: store.Database()})
		res, err := session.Run(ctx, stmt, map[string]any{"c": connection, "own": cypher.OwnKeyPrefix})
		if err == nil {
			_, err = res.Consume(ctx)
		}
		session.Close(ctx)
		if err != nil {
			t.Errorf("purge identities of connection %s: %v", connection, err)
			return
		}
	}
}

// runBookkeeping are Connection node properties that change with every
// run (its id and times); DumpGraph leaves them out.
var runBookkeeping = map[string]bool{"firstRun": true, "lastRunId": true, "lastRunStart": true, "lastRunEnd": true}

// rememberedTimes are properties holding the time of an event a run
// observed (an Identity's primaryLostAt): DumpGraph shows whether they are
// set, not their value, which differs from run to run.
var rememberedTimes = map[string]bool{"primaryLostAt": true}

// DumpGraph renders, as sorted lines of text, everything of the given
// connections: their Connection nodes, accounts, groups and the
// relationships leaving those, and the identities that hold their
// accounts or whose key ends with keySuffix (keySuffix "" adds none), with
// their HAS_ACCOUNT relationships. Properties are included, except the
// bookkeeping that changes with every run (firstSeen, lastSeen,
// lastSeenRun, run ids and times); primaryLostAt shows as set or absent.
func DumpGraph(t testing.TB, store *cypher.Store, connections []string, keySuffix string) []string {
	t.Helper()
	var lines []string
	for _, c := range connections {
		lines = append(lines, Dump(t, store, c)...)
	}
	for _, r := range Query(t, store, `MATCH (c:Connection) WHERE c.name IN $cs RETURN properties(c) AS props`,
		map[string]any{"cs": connections}) {
		props, _ := r.Get("props")
		lines = append(lines, "connection "+renderProps(scrub(props.(map[string]any))))
	}
	for _, r := range Query(t, store, `
CALL () {
  MATCH (i:Identity) WHERE $suffix <> '' AND i.key ENDS WITH $suffix RETURN i
  UNION
  UNWIND $cs AS c
  MATCH (i:Identity) WHERE i.key STARTS WITH $own + c + '/' RETURN i
  UNION
  MATCH (i:Identity)-[:HAS_ACCOUNT]->(u:User) WHERE u.connection IN $cs RETURN i
}
RETURN i.key AS key, properties(i) AS props,
       COLLECT { MATCH (i)-[r:HAS_ACCOUNT]->(u) RETURN {uid: u.uid, props: properties(r)} AS link } AS links`,
		map[string]any{"cs": connections, "suffix": keySuffix, "own": cypher.OwnKeyPrefix}) {
		key, _ := r.Get("key")
		props, _ := r.Get("props")
		lines = append(lines, "identity "+renderProps(scrub(props.(map[string]any))))
		links, _ := r.Get("links")
		for _, l := range links.([]any) {
			link := l.(map[string]any)
			lines = append(lines, fmt.Sprintf("rel %v -[HAS_ACCOUNT %s]-> %v", key, renderProps(link["props"].(map[string]any)), link["uid"]))
		}
	}
	sort.Strings(lines)
	return lines
}

// scrub drops run bookkeeping and replaces remembered times by "set".
func scrub(props map[string]any) map[string]any {
	out := make(map[string]any, len(props))
	for k, v := range props {
		switch {
		case runBookkeeping[k]:
		case rememberedTimes[k]:
			out[k] = "set"
		default:
			out[k] = v
		}
	}
	return out
}
