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
