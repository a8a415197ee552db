package directory

// idKind separates the ID spaces of users and groups so that no user ID can
// equal a group ID.
type idKind uint64

const (
	idKindUser  idKind = 0
	idKindGroup idKind = 1
)

const mask48 = 1<<48 - 1

// mix48 is a bijection on 48-bit integers (add, odd multiply and xorshift
// are each invertible modulo 2^48).
func mix48(x, key uint64) uint64 {
	x = (x + key) & mask48
	x = (x * 0x9fb21c651e98df25) & mask48
	x ^= x >> 24
	x = (x * 0xc2b2ae3d27d4eb4f) & mask48
	x ^= x >> 23
	return x
}

// newID returns a UUIDv4-shaped id for entity index of the given kind. The
// 48-bit node field is a bijection of 2*index+kind, so ids are unique by
// construction (for index < 2^47); the other bits are seeded noise.
func newID(seed int64, kind idKind, index int) string {
	key := seedKey(seed, stream(0x1d))
	node := mix48(uint64(index)*2+uint64(kind), key)
	a := splitmix64(key ^ node)
	b := splitmix64(a)

	var raw [16]byte
	putBits(raw[0:4], a>>32)
	putBits(raw[4:6], a>>16)
	putBits(raw[6:8], 0x4000|(a&0x0fff))  // version 4
	putBits(raw[8:10], 0x8000|(b&0x3fff)) // RFC 4122 variant
	putBits(raw[10:16], node)
	return formatUUID(&raw)
}

// putBits stores the low len(dst)*8 bits of v big-endian into dst.
func putBits(dst []byte, v uint64) {
	for i := len(dst) - 1; i >= 0; i-- {
		dst[i] = byte(v)
		v >>= 8
	}
}

// formatUUID renders 16 bytes in the canonical 8-4-4-4-12 hex form.
func formatUUID(raw *[16]byte) string {
	const hexDigits = "0123456789abcdef"
	var out [36]byte
	j := 0
	for i, c := range raw {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out[j] = '-'
			j++
		}
		out[j] = hexDigits[c>>4]
		out[j+1] = hexDigits[c&0x0f]
		j += 2
	}
	return string(out[:])
}
