package scimdemo

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/elimity-com/scim"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
)

// handler routes, authenticates and logs requests in front of the library's
// SCIM server.
type handler struct {
	scim   http.Handler
	token  string
	logger *slog.Logger
	paging pagingFix
}

// NewHandler serves dir read-only as SCIM 2.0 (Users, Groups,
// ServiceProviderConfig, Schemas, ResourceTypes) under BasePath, requiring
// "Authorization: Bearer <token>" (401 SCIM error otherwise); other paths
// answer 404. dir must not be modified while the handler is in use; the
// handler itself never modifies it and is safe for concurrent requests.
// A nil logger means slog.Default().
func NewHandler(dir *directory.Directory, token string, logger *slog.Logger, opts ...Option) (http.Handler, error) {
	if dir == nil {
		return nil, errors.New("scimdemo: directory is nil")
	}
	if token == "" {
		return nil, errors.New("scimdemo: bearer token is empty")
	}
	if logger == nil {
		logger = slog.Default()
	}
	cfg := defaultConfig()
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, fmt.Errorf("scimdemo: %w", err)
		}
	}

	users, err := newUserHandler(dir.Users, cfg.baseURL)
	if err != nil {
		return nil, fmt.Errorf("scimdemo: indexing users: %w", err)
	}
	groups, err := newGroupHandler(dir.Groups, cfg.baseURL)
	if err != nil {
		return nil, fmt.Errorf("scimdemo: indexing groups: %w", err)
	}
	server, err := scim.NewServer(
		&scim.ServerArgs{
			ServiceProviderConfig: serviceProviderConfig(cfg),
			ResourceTypes:         resourceTypes(users, groups),
		},
		scim.WithBaseURL(cfg.baseURL),
		scim.WithLogger(scimLogger{logger: logger}),
	)
	if err != nil {
		return nil, fmt.Errorf("scimdemo: creating SCIM server: %w", err)
	}
	return &handler{
		// The library expects paths starting at "/v2".
		scim:   http.StripPrefix(strings.TrimSuffix(BasePath, "/v2"), server),
		token:  token,
		logger: logger,
		paging: pagingFix{
			maxPageSize: cfg.maxPageSize,
			totals: map[string]int{
				BasePath + "/Users":  len(dir.Users),
				BasePath + "/Groups": len(dir.Groups),
			},
		},
	}, nil
}

// ServeHTTP checks the path and the bearer token, then hands the request to
// the SCIM server, logging the outcome at debug level.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	switch {
	case r.URL.Path != BasePath && !strings.HasPrefix(r.URL.Path, BasePath+"/"):
		writeError(rec, h.logger, http.StatusNotFound, "Not a SCIM endpoint; the SCIM base path is "+BasePath+".")
	case !authorized(r, h.token):
		h.logger.Info("scimdemo: rejected unauthenticated request", "method", r.Method, "path", r.URL.Path)
		rec.Header().Set("WWW-Authenticate", `Bearer realm="scim"`)
		writeError(rec, h.logger, http.StatusUnauthorized, "Missing or invalid bearer token.")
	default:
		h.scim.ServeHTTP(rec, h.paging.apply(r))
	}
	h.logger.Debug("scimdemo: request", "method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery,
		"status", rec.status, "duration", time.Since(start))
}

// statusRecorder remembers the response status for logging.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the status and forwards it.
func (s *statusRecorder) WriteHeader(status int) {
	s.status = status
	s.ResponseWriter.WriteHeader(status)
}
