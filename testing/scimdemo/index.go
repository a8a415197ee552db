package scimdemo

import "fmt"

// buildIndex maps each id to its position, so Get is O(1). It rejects
// empty and duplicate ids, which would make resources unreachable.
func buildIndex(n int, id func(i int) string) (map[string]int, error) {
	index := make(map[string]int, n)
	for i := range n {
		key := id(i)
		if key == "" {
			return nil, fmt.Errorf("resource %d has an empty id", i)
		}
		if prev, dup := index[key]; dup {
			return nil, fmt.Errorf("resources %d and %d share id %q", prev, i, key)
		}
		index[key] = i
	}
	return index, nil
}
