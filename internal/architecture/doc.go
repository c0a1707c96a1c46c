// Package architecture holds no code: its test checks the rules of the road of ARCHITECTURE.md —
// which package may import which — on every `go test ./...`.
package architecture
