package rawform

import "context"

// Option configures Parse and ParseDetail. Options apply in order (a later WithLimits
// replaces an earlier one); a nil Option is ignored, so optional settings can be passed as
// a variable that may be nil. Options are plain values, safe to share between goroutines.
type Option func(*config)

type config struct {
	lenient bool
	partial bool
	limits  Limits
	// ctx is ParseContext's context, looked at between stages and every few thousand
	// mappings; nil for Parse.
	ctx context.Context
}

// Limits bound the resources a single Parse may use. A document over a limit is refused
// with one problem of code "limit", quickly and with bounded memory. Zero fields take the
// DefaultLimits value.
type Limits struct {
	// MaxBytes is the largest input accepted, envelope included (default 32 MiB, the
	// roma client's response cap; a 10,000-mapping task is about 6.5 MB).
	MaxBytes int `json:"max_bytes"`
	// MaxDepth is the deepest nesting of arrays and objects (default 64; the deepest real
	// payload nests 5 levels).
	MaxDepth int `json:"max_depth"`
	// MaxMappings is the largest mappingTable (default 100,000).
	MaxMappings int `json:"max_mappings"`
	// MaxColumns is the largest selected column list (default 100,000).
	MaxColumns int `json:"max_columns"`
	// MaxValues is the most JSON values (objects, arrays and scalars, the envelope's and
	// task_detail's together) one Parse decodes. It bounds memory for inputs of many tiny
	// values ("[],[],…" costs far more decoded than its size). Default: one value per 16
	// bytes of MaxBytes (2,097,152 for 32 MiB); real tasks have one per ~22 bytes.
	MaxValues int `json:"max_values"`
}

// bytesPerValue derives the default MaxValues from MaxBytes.
const bytesPerValue = 16

// DefaultLimits returns the limits Parse applies unless told otherwise.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 32 << 20, MaxDepth: 64, MaxMappings: 100_000, MaxColumns: 100_000, MaxValues: (32 << 20) / bytesPerValue}
}

// Lenient accepts unknown fields anywhere instead of reporting them, and keeps them (in the
// Extra maps) so that encoding writes them back. Everything else stays strict.
func Lenient() Option { return func(c *config) { c.lenient = true } }

// Partial returns, beside the *Error of a document that fails the schema, the Task read
// from it as far as its types allow, so that a reviewer sees the mappings of an invalid
// task under its problems (fdi diff --lenient, the viewer). Such a Task may lack what
// the missing or mistyped keys held, has no Warnings (they judge a valid model), and keeps
// the unknown keys it read. Parse still returns the *Error: the task is invalid. A
// document that does not decode as an object, or is cut short by a limit, gives no Task.
func Partial() Option { return func(c *config) { c.partial = true } }

// WithLimits replaces the default resource limits; zero fields keep their defaults, except
// that MaxValues follows a MaxBytes given without it.
func WithLimits(l Limits) Option {
	return func(c *config) {
		d := DefaultLimits()
		if l.MaxBytes > 0 {
			d.MaxBytes = l.MaxBytes
		}
		if l.MaxDepth > 0 {
			d.MaxDepth = l.MaxDepth
		}
		if l.MaxMappings > 0 {
			d.MaxMappings = l.MaxMappings
		}
		if l.MaxColumns > 0 {
			d.MaxColumns = l.MaxColumns
		}
		switch {
		case l.MaxValues > 0:
			d.MaxValues = l.MaxValues
		case l.MaxBytes > 0:
			d.MaxValues = l.MaxBytes / bytesPerValue
		}
		c.limits = d
	}
}

func newConfig(opts []Option) config {
	c := config{limits: DefaultLimits()}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}
