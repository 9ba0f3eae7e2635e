package taskgen

import "strconv"

// UnknownKeys returns {"k0":0,"k1":0,…} with n distinct keys, or n copies of "a" when
// same: the hostile documents of issue 14 (a million unknown or repeated keys), made at
// test time rather than committed.
func UnknownKeys(n int, same bool) []byte {
	b := make([]byte, 0, n*(len(`"k":0,`)+len(strconv.Itoa(n)))+2)
	b = append(b, '{')
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		if same {
			b = append(b, `"a":0`...)
			continue
		}
		b = append(b, `"k`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `":0`...)
	}
	return append(b, '}')
}
