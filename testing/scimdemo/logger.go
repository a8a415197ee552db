package scimdemo

import (
	"fmt"
	"log/slog"
)

// scimLogger adapts slog to the library's Logger interface. The library
// calls Error(msg, key, value, ...), i.e. slog's argument convention.
type scimLogger struct {
	logger *slog.Logger
}

// bulkyKeys name library log attributes holding whole resources or pages;
// a group can have a million members, so these are logged by type only.
var bulkyKeys = map[string]bool{"resource": true, "listResponse": true}

// Error logs a library error at error level.
func (l scimLogger) Error(args ...any) {
	msg, ok := "", false
	if len(args) > 0 {
		msg, ok = args[0].(string)
	}
	if !ok {
		l.logger.Error("scimdemo: SCIM library error", "args", fmt.Sprint(args...))
		return
	}
	attrs := make([]any, 0, len(args)-1)
	for i := 1; i+1 < len(args); i += 2 {
		key, value := args[i], args[i+1]
		if k, isString := key.(string); isString && bulkyKeys[k] {
			value = fmt.Sprintf("%T", value)
		}
		attrs = append(attrs, key, value)
	}
	l.logger.Error("scimdemo: "+msg, attrs...)
}
