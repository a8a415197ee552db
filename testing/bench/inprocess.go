package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/scim"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/scimdemo"
)

// demoServer serves a directory over SCIM on a loopback port.
type demoServer struct {
	URL string // base URL, ending in /scim/v2
	srv *http.Server
}

// serveDirectory starts the demo SCIM server for dir with the page cap.
func serveDirectory(dir *directory.Directory, token string, pageCap int, log *slog.Logger) (*demoServer, error) {
	h, err := scimdemo.NewHandler(dir, token, log, scimdemo.WithMaxPageSize(pageCap))
	if err != nil {
		return nil, fmt.Errorf("demo SCIM server: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("demo SCIM server: %w", err)
	}
	s := &demoServer{URL: "http://" + ln.Addr().String() + scimdemo.BasePath,
		srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}}
	go func() {
		if err := s.srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			log.Error("demo SCIM server stopped", "error", err)
		}
	}()
	return s, nil
}

// close stops the server.
func (s *demoServer) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.srv.Shutdown(ctx)
}

// inProcessRun is a sync run inside this process.
type inProcessRun struct {
	Wall    time.Duration
	Start   time.Time
	Result  ingest.Result
	Retries int64
	Err     error
	Peak    uint64 // peak Go heap (objects) while profiling, bytes; 0 when not profiled
}

// syncInProcess opens a store, ensures the schema and syncs conn, timed
// from before the connection to Neo4j (as the sync process is), logging
// to logPath in the sync command's text format so that the same phase
// markers split it.
func syncInProcess(ctx context.Context, neo *neo4jServer, conn ingest.Connection, opts ingest.Options, logPath string, prof *profiler, profName string) (inProcessRun, error) {
	var r inProcessRun
	f, err := os.Create(logPath)
	if err != nil {
		return r, fmt.Errorf("in-process log: %w", err)
	}
	defer f.Close()
	logger := slog.New(slog.NewTextHandler(f, nil))
	opts.Logger = logger

	var stopProf func() (uint64, error)
	if prof != nil {
		if stopProf, err = prof.start(profName); err != nil {
			return r, err
		}
	}
	r.Start = time.Now()
	store, err := cypher.Open(ctx, neo.config(), logger)
	if err == nil {
		if err = store.EnsureSchema(ctx); err == nil {
			r.Result, err = ingest.Sync(ctx, store, conn, opts)
		}
		r.Retries = store.Retries()
		_ = store.Close(context.Background())
	}
	r.Wall = time.Since(r.Start)
	r.Err = err
	if stopProf != nil {
		peak, perr := stopProf()
		r.Peak = peak
		if perr != nil {
			return r, perr
		}
	}
	return r, nil
}

// FetchResult is a listing of users and groups with no Neo4j at all.
type FetchResult struct {
	Wall        float64 `json:"wallSeconds"`
	Users       int     `json:"users"`
	Groups      int     `json:"groups"`
	Memberships int     `json:"memberships"` // members listed
	UserPages   int     `json:"userPages"`
	GroupPages  int     `json:"groupPages"`
	UsersWall   float64 `json:"usersWallSeconds"`  // until the user listing ended
	GroupsWall  float64 `json:"groupsWallSeconds"` // until the group listing ended
	Err         string  `json:"error,omitempty"`
}

// fetchOnly lists users and groups concurrently through the scim client,
// as a sync does, and drops them.
func fetchOnly(ctx context.Context, client *scim.Client) FetchResult {
	var res FetchResult
	var users, groups, members atomic.Int64
	begin := time.Now()
	var wg sync.WaitGroup
	var uerr, gerr error
	var us, gs scim.ListStats
	uc, gc := make(chan []scim.User, 2), make(chan []scim.Group, 2)
	wg.Add(4)
	go func() {
		defer wg.Done()
		us, uerr = client.Users(ctx, uc)
		res.UsersWall = time.Since(begin).Seconds()
	}()
	go func() {
		defer wg.Done()
		for p := range uc {
			users.Add(int64(len(p)))
		}
	}()
	go func() {
		defer wg.Done()
		gs, gerr = client.Groups(ctx, gc)
		res.GroupsWall = time.Since(begin).Seconds()
	}()
	go func() {
		defer wg.Done()
		for p := range gc {
			groups.Add(int64(len(p)))
			for _, g := range p {
				members.Add(int64(len(g.Members)))
			}
		}
	}()
	wg.Wait()
	res.Wall = time.Since(begin).Seconds()
	res.Users, res.Groups, res.Memberships = int(users.Load()), int(groups.Load()), int(members.Load())
	res.UserPages, res.GroupPages = us.Pages, gs.Pages
	if uerr != nil {
		res.Err = uerr.Error()
	} else if gerr != nil {
		res.Err = gerr.Error()
	}
	return res
}

// profiler writes CPU and heap profiles of in-process runs into a directory.
type profiler struct {
	dir string
	log *slog.Logger
}

// start begins a CPU profile and a sampler that writes a heap profile
// whenever the live heap reaches a new peak; stop ends both, writes the
// final heap and allocation profiles and returns the peak heap seen.
func (p *profiler) start(name string) (stop func() (uint64, error), err error) {
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		return nil, fmt.Errorf("profile dir: %w", err)
	}
	cpu, err := os.Create(filepath.Join(p.dir, name+"-cpu.pprof"))
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		cpu.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	done := make(chan struct{})
	var peak atomic.Uint64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var written uint64
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			metrics.Read(sample)
			v := sample[0].Value.Uint64()
			if v > peak.Load() {
				peak.Store(v)
			}
			if v > written+written/10 { // a new peak by more than 10%
				written = v
				if err := writeProfile(filepath.Join(p.dir, name+"-heap-peak.pprof"), "heap"); err != nil {
					p.log.Warn("heap profile", "error", err)
				}
			}
		}
	}()
	return func() (uint64, error) {
		close(done)
		wg.Wait()
		pprof.StopCPUProfile()
		if err := cpu.Close(); err != nil {
			return peak.Load(), fmt.Errorf("cpu profile: %w", err)
		}
		runtime.GC()
		if err := writeProfile(filepath.Join(p.dir, name+"-allocs.pprof"), "allocs"); err != nil {
			return peak.Load(), err
		}
		p.log.Info("profiles written", "dir", p.dir, "run", name)
		return peak.Load(), nil
	}, nil
}

// writeProfile writes the named runtime profile to path.
func writeProfile(path, profile string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("%s profile: %w", profile, err)
	}
	if err := pprof.Lookup(profile).WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("%s profile: %w", profile, err)
	}
	return f.Close()
}
