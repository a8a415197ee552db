package main

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
)

// smallGroupMax is the largest group the dense-group probe counts as small.
const smallGroupMax = 1000

// probeConnection is the connection name the probe writes under.
const probeConnection = "probe"

// probeUID is the node key of a directory id in the probe's graph.
func probeUID(id string) string { return probeConnection + "/" + id }

// warmUpMemberships bounds the untimed memberships the probe writes first.
const warmUpMemberships = 50_000

// DenseReport compares what a membership of one dense group costs with
// what a membership of small groups costs, written by the product's
// membership statement in the same way: one writer, batches of the
// benchmark's batch size, into a graph that holds every account and group.
type DenseReport struct {
	Group       string  `json:"group"`   // the dense group's name
	Members     int     `json:"members"` // its user members
	DenseRows   int     `json:"denseRows"`
	DenseWall   float64 `json:"denseSeconds"`
	SmallGroups int     `json:"smallGroups"` // groups of at most smallGroupMax members drawn from
	SmallRows   int     `json:"smallRows"`
	SmallWall   float64 `json:"smallSeconds"`
	// DenseMicros and SmallMicros are microseconds per membership;
	// Ratio is DenseMicros / SmallMicros.
	DenseMicros float64 `json:"denseMicrosPerMembership"`
	SmallMicros float64 `json:"smallMicrosPerMembership"`
	Ratio       float64 `json:"ratio"`
	Retries     int64   `json:"retries"`
	Err         string  `json:"error,omitempty"`
}

// denseProbe writes the directory's accounts and groups, then times the
// memberships of its densest group other than All Employees (the group of
// 200,000 at 1,000,000 users) against as many memberships of small groups.
// After an untimed warm-up on other small groups, the two are written in
// halves, dense, small, small, dense, so that the graph growing under them
// weighs on both alike.
func denseProbe(ctx context.Context, neo *neo4jServer, dir *directory.Directory, batchSize, writers int, log *slog.Logger) *DenseReport {
	rep := &DenseReport{}
	dense, small, warm, err := probeRows(dir, rep)
	if err != nil {
		rep.Err = err.Error()
		return rep
	}
	store, err := cypher.Open(ctx, neo.config(), log)
	if err != nil {
		rep.Err = err.Error()
		return rep
	}
	defer store.Close(context.Background())
	run := cypher.Run{ID: "dense-probe", Connection: probeConnection, Now: time.Now().UTC(), Batch: batchSize}
	if err := store.EnsureSchema(ctx); err != nil {
		rep.Err = err.Error()
		return rep
	}
	if err := probeNodes(ctx, store, run, dir, batchSize, writers); err != nil {
		rep.Err = err.Error()
		return rep
	}
	// Untimed: the first membership batches of a freshly started Neo4j
	// pay for compiling the statement and warming its code.
	for b := range slices.Chunk(warm, batchSize) {
		if _, err := store.MergeMemberships(ctx, run, b); err != nil {
			rep.Err = err.Error()
			return rep
		}
	}
	halves := []struct {
		rows []cypher.MembershipRow
		wall *float64
	}{
		{dense[:len(dense)/2], &rep.DenseWall},
		{small[:len(small)/2], &rep.SmallWall},
		{small[len(small)/2:], &rep.SmallWall},
		{dense[len(dense)/2:], &rep.DenseWall},
	}
	for _, h := range halves {
		t := time.Now()
		for b := range slices.Chunk(h.rows, batchSize) {
			res, err := store.MergeMemberships(ctx, run, b)
			if err == nil && res.Written != len(b) {
				err = fmt.Errorf("%d of %d memberships written: a node is missing", res.Written, len(b))
			}
			if err != nil {
				rep.Err = err.Error()
				return rep
			}
		}
		*h.wall += time.Since(t).Seconds()
	}
	rep.Retries = store.Retries()
	rep.DenseMicros = 1e6 * rep.DenseWall / float64(max(rep.DenseRows, 1))
	rep.SmallMicros = 1e6 * rep.SmallWall / float64(max(rep.SmallRows, 1))
	rep.Ratio = ratio(rep.DenseMicros, rep.SmallMicros)
	return rep
}

// probeRows picks the dense group and the small groups and returns their
// user memberships, each half sorted by member as the pipeline's batches
// are, and the memberships of further small groups to warm up with.
func probeRows(dir *directory.Directory, rep *DenseReport) (dense, small, warm []cypher.MembershipRow, err error) {
	users := func(g directory.Group) []cypher.MembershipRow {
		var rows []cypher.MembershipRow
		for _, m := range g.Members {
			if m.Type == directory.MemberTypeUser {
				rows = append(rows, cypher.MembershipRow{Group: probeUID(g.ID), Member: probeUID(m.Value), Kind: cypher.MemberUser})
			}
		}
		return rows
	}
	densest := -1
	for j, g := range dir.Groups {
		if g.DisplayName != "All Employees" && (densest < 0 || len(g.Members) > len(dir.Groups[densest].Members)) {
			densest = j
		}
	}
	if densest < 0 {
		return nil, nil, nil, fmt.Errorf("the directory has no group besides All Employees")
	}
	dense = users(dir.Groups[densest])
	rep.Group, rep.Members = dir.Groups[densest].DisplayName, len(dense)
	warmRows := min(len(dense)/2, warmUpMemberships)
	for _, g := range dir.Groups {
		n := len(g.Members)
		if n == 0 || n > smallGroupMax {
			continue
		}
		switch {
		case len(small) < len(dense):
			small = append(small, users(g)...)
			rep.SmallGroups++
		case len(warm) < warmRows:
			warm = append(warm, users(g)...)
		}
	}
	small = small[:min(len(small), len(dense))]
	if len(dense) < 2 || len(small) < 2 {
		return nil, nil, nil, fmt.Errorf("too few memberships to compare: %d dense, %d small", len(dense), len(small))
	}
	for _, rows := range [][]cypher.MembershipRow{dense[:len(dense)/2], dense[len(dense)/2:], small[:len(small)/2], small[len(small)/2:]} {
		slices.SortFunc(rows, func(x, y cypher.MembershipRow) int { return strings.Compare(x.Member, y.Member) })
	}
	rep.DenseRows, rep.SmallRows = len(dense), len(small)
	return dense, small, warm, nil
}

// probeNodes writes every account and group of dir (keys and names only;
// the probe measures memberships) with the given number of writers.
func probeNodes(ctx context.Context, store *cypher.Store, run cypher.Run, dir *directory.Directory, batchSize, writers int) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(writers)
	for b := range slices.Chunk(dir.Users, batchSize) {
		rows := make([]cypher.UserRow, len(b))
		for i, u := range b {
			rows[i] = cypher.UserRow{UID: probeUID(u.ID), Connection: probeConnection, SCIMID: u.ID, UserName: u.UserName, Active: u.Active}
		}
		g.Go(func() error {
			_, err := store.UpsertUsers(gctx, run, rows)
			return err
		})
	}
	for b := range slices.Chunk(dir.Groups, batchSize) {
		rows := make([]cypher.GroupRow, len(b))
		for i, gr := range b {
			rows[i] = cypher.GroupRow{UID: probeUID(gr.ID), Connection: probeConnection, SCIMID: gr.ID, DisplayName: gr.DisplayName, MemberCount: len(gr.Members)}
		}
		g.Go(func() error {
			_, err := store.UpsertGroups(gctx, run, rows)
			return err
		})
	}
	return g.Wait()
}
