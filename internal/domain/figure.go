package domain

// SameFigure reports whether two optional figures are the same: both absent, or both present and
// equal. Figures are compared exactly: a figure typed or imported again is the same float, and a
// revision is any change at all (rounding for display is the reader's business, not the store's).
func SameFigure(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
