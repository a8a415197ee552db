// Package neo4jtest gives integration tests a real Neo4j 5: the server
// named by NEO4J_URI when set (CI starts one with testing/neo4j/start.sh),
// otherwise a neo4j:5.26-community container through testcontainers when a
// Docker engine answers. With neither, tests fail: they never skip.
package neo4jtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"

	"github.com/scim2neo4j/scim2neo4j/cypher"
)

// Image is the container image used when no NEO4J_URI is given.
const Image = "neo4j:5.26-community"

// containerPassword is the password of the throw-away container.
const containerPassword = "scim2neo4j-test"

var (
	once      sync.Once
	shared    cypher.Config
	sharedErr error
)

// Config returns how to reach the test Neo4j, starting a container once per
// test binary if needed. It fails the test when no Neo4j can be had.
func Config(t testing.TB) cypher.Config {
	t.Helper()
	once.Do(func() { shared, sharedErr = locate() })
	if sharedErr != nil {
		t.Fatalf("no Neo4j for integration tests: %v\n"+
			"Either set NEO4J_URI (and NEO4J_USERNAME, NEO4J_PASSWORD) to a running Neo4j 5,\n"+
			"for example after testing/neo4j/start.sh, or run the tests where a Docker engine\n"+
			"answers, so that testcontainers can start %s.", sharedErr, Image)
	}
	return shared
}

// locate prefers NEO4J_URI, then a container.
func locate() (cypher.Config, error) {
	if uri := os.Getenv("NEO4J_URI"); uri != "" {
		user := os.Getenv("NEO4J_USERNAME")
		if user == "" {
			user = "neo4j"
		}
		return cypher.Config{URI: uri, Username: user, Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE")}, nil
	}
	return startContainer()
}

// startContainer starts a generic Neo4j container; Ryuk removes it when
// the test binary exits.
func startContainer() (cypher.Config, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	provider, err := testcontainers.NewDockerProvider()
	if err != nil {
		return cypher.Config{}, fmt.Errorf("NEO4J_URI is not set and there is no Docker provider: %w", err)
	}
	if err := provider.Health(ctx); err != nil {
		return cypher.Config{}, fmt.Errorf("NEO4J_URI is not set and no Docker engine answers: %w", err)
	}
	ctr, err := testcontainers.Run(ctx, Image,
		testcontainers.WithEnv(map[string]string{"NEO4J_AUTH": "neo4j/" + containerPassword}),
		testcontainers.WithExposedPorts("7687/tcp"),
		testcontainers.WithWaitStrategyAndDeadline(3*time.Minute,
			wait.ForListeningPort("7687/tcp"), wait.ForLog("Started.")),
	)
	if err != nil {
		return cypher.Config{}, fmt.Errorf("start %s: %w", Image, err)
	}
	endpoint, err := ctr.PortEndpoint(ctx, "7687/tcp", "bolt")
	if err != nil {
		return cypher.Config{}, fmt.Errorf("bolt endpoint of %s: %w", Image, err)
	}
	return cypher.Config{URI: endpoint, Username: "neo4j", Password: containerPassword}, nil
}

// Store opens a store on the test Neo4j with the schema in place, closed
// when the test ends.
func Store(t testing.TB) *cypher.Store {
	t.Helper()
	return StoreFor(t, Config(t))
}

// StoreFor opens a store on the Neo4j cfg names (a Dedicated one, say),
// with the schema in place, closed when the test ends.
func StoreFor(t testing.TB, cfg cypher.Config) *cypher.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	store, err := cypher.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatalf("open Neo4j: %v", err)
	}
	t.Cleanup(func() { _ = store.Close(context.Background()) })
	if err := store.EnsureSchema(ctx); err != nil {
		t.Fatalf("schema: %v", err)
	}
	return store
}

// ConnectionName returns a connection name unique to this test run, and
// removes everything written under it when the test ends, so that tests
// sharing one database never see each other's data.
func ConnectionName(t testing.TB, store *cypher.Store) string {
	t.Helper()
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()) + "-" + hex.EncodeToString(b[:])
	t.Cleanup(func() {
		PurgeConnectionIdentities(t, store, name)
		Purge(t, store, name)
	})
	return name
}

// Purge deletes the nodes of one connection.
func Purge(t testing.TB, store *cypher.Store, connection string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for _, stmt := range []string{
		`MATCH (n:User {connection: $c}) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS`,
		`MATCH (n:Group {connection: $c}) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 100 ROWS`,
		`MATCH (n:Connection {name: $c}) DETACH DELETE n`,
	} {
		// CALL { } IN TRANSACTIONS needs an implicit transaction.
		session := store.Driver().NewSession(ctx, neo4j.SessionConfig{DatabaseName: store.Database()})
		res, err := session.Run(ctx, stmt, map[string]any{"c": connection})
		if err == nil {
			_, err = res.Consume(ctx)
		}
		session.Close(ctx)
		if err != nil {
			t.Errorf("purge connection %s: %v", connection, err)
			return
		}
	}
}

// Query runs a read or write statement in its own transaction and returns
// its records; it fails the test on error.
func Query(t testing.TB, store *cypher.Store, stmt string, params map[string]any) []*neo4j.Record {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := neo4j.ExecuteQuery(ctx, store.Driver(), stmt, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(store.Database()))
	if err != nil {
		t.Fatalf("query %q: %v", stmt, err)
	}
	return res.Records
}
