package domain

import "context"

type readAtLeastKey struct{}

// ReadAtLeast marks ctx as a read-only request that a read standby (pacer serve --db-read) may
// answer once its data version has reached v: the primary's data version after the requesting
// user's own last write (0 when they have written nothing), so a user always sees their writes.
// Requests without the mark (every write, and whatever runs outside a page) read the primary.
func ReadAtLeast(ctx context.Context, v int64) context.Context {
	return context.WithValue(ctx, readAtLeastKey{}, v)
}

// ReadVersion reports the version a read standby must have reached to answer ctx, and whether
// ctx may be answered from one at all.
func ReadVersion(ctx context.Context) (int64, bool) {
	v, ok := ctx.Value(readAtLeastKey{}).(int64)
	return v, ok
}
