package directory

import "math/rand/v2"

// stream separates the random sequences used for different purposes, so that
// adding draws to one never shifts another.
type stream uint64

const (
	streamUser        stream = 1
	streamGroup       stream = 2
	streamGroupWeight stream = 3
	streamGroupNest   stream = 4
)

// splitmix64 is the SplitMix64 finalizer, a bijective 64-bit mixer used to
// turn (seed, stream, index) into well-spread PCG seeds and ID bits.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// seedKey mixes the user seed with a stream tag.
func seedKey(seed int64, s stream) uint64 {
	return splitmix64(uint64(seed) ^ splitmix64(uint64(s)))
}

// newRand returns the random source for one entity. It depends only on
// (seed, s, index), which is what makes entity i independent of the total
// count and of generation order (and so safe to generate concurrently).
func newRand(seed int64, s stream, index int) *rand.Rand {
	hi := seedKey(seed, s)
	lo := splitmix64(hi ^ uint64(index))
	return rand.New(rand.NewPCG(hi, lo))
}

// chance reports true with probability permille/1000, using integer
// arithmetic only so results do not depend on floating-point behaviour.
func chance(r *rand.Rand, permille int) bool {
	return r.IntN(1000) < permille
}
