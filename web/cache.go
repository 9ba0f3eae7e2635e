package web

import (
	"container/list"
	"sync"
)

// lru is a small least-recently-used cache bounded by the total size of its entries.
// The viewer keys it by content versions, so an entry never goes stale: it only ages out.
type lru struct {
	mu    sync.Mutex
	max   int64
	size  int64
	order *list.List // front = most recent
	items map[string]*list.Element
}

type lruEntry struct {
	key   string
	value any
	size  int64
}

func newLRU(maxBytes int64) *lru {
	return &lru{max: maxBytes, order: list.New(), items: map[string]*list.Element{}}
}

func (c *lru) get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*lruEntry).value, true
	}
	return nil, false
}

// add stores value under key; entries bigger than a quarter of the budget are not kept.
func (c *lru) add(key string, value any, size int64) {
	if size > c.max/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.size -= e.Value.(*lruEntry).size
		c.order.Remove(e)
	}
	c.items[key] = c.order.PushFront(&lruEntry{key, value, size})
	c.size += size
	for c.size > c.max && c.order.Len() > 0 {
		e := c.order.Back()
		en := e.Value.(*lruEntry)
		c.order.Remove(e)
		delete(c.items, en.key)
		c.size -= en.size
	}
}

// CacheSize returns what the cache holds by its accounting, and its budget
// (Config.CacheBytes).
func (s *Server) CacheSize() (used, budget int64) {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	return s.cache.size, s.cache.max
}

// DefaultCacheBytes is the cache budget when Config.CacheBytes is not set.
const DefaultCacheBytes = 256 << 20

// MemoryLimit is the soft memory limit (runtime/debug.SetMemoryLimit) the viewer sets for
// a cache budget when GOMEMLIMIT does not say otherwise: the budget, a quarter as much
// again for the garbage collector's slack and the requests in flight, and 64 MiB for the
// rest.
// Without it the heap grows to twice the live data before a collection, so a full cache
// of 256 MiB showed as 800 MiB of resident memory.
func MemoryLimit(cacheBytes int64) int64 {
	return cacheBytes + cacheBytes/4 + 64<<20
}

// What cache entries hold, in bytes of live heap, measured with runtime.MemStats after a
// collection on generated 2,000-mapping tasks (1.3 MB each; go run ./cmd/internal/cachebench
// reports the outcome): a parsed task holds about 1.1 times its document (counted 1.5
// times, for tasks with more unmodelled fields); a comparison's view model about 380
// bytes a row and its report about 1 KiB a change; a rendered page its body plus, once
// asked for, its gzip encoding and the buffers around it (counted as half the body).
func taskCost(body int) int64 { return int64(body)*3/2 + 4096 }

func reportCost(changes int) int64 { return int64(changes)*1024 + 1024 }

func modelCost(rows, changes int) int64 { return int64(rows)*380 + int64(changes)*1024 + 4096 }

func pageCost(p *cachedPage) int64 { return int64(len(p.body))*3/2 + 1024 }
