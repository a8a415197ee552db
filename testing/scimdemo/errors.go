package scimdemo

import (
	"encoding/json"
	"log/slog"
	"net/http"

	scimerrors "github.com/elimity-com/scim/errors"
)

// errReadOnly is returned by every write operation: the demo server only
// serves the generated directory.
var errReadOnly = scimerrors.ScimError{
	Status: http.StatusNotImplemented,
	Detail: "This SCIM service provider is read-only.",
}

// writeError answers with a SCIM error message (RFC 7644 section 3.12) for
// requests that never reach the SCIM library (bad path, missing token).
func writeError(w http.ResponseWriter, logger *slog.Logger, status int, detail string) {
	body, err := json.Marshal(scimerrors.ScimError{Status: status, Detail: detail})
	if err != nil {
		logger.Error("scimdemo: encoding SCIM error", "error", err)
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/scim+json")
	w.WriteHeader(status)
	if _, err := w.Write(body); err != nil {
		logger.Debug("scimdemo: writing SCIM error", "error", err)
	}
}
