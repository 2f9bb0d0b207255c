package content

import (
	"fmt"
	"sort"
	"strings"
)

// Catalog is the set of banks cram works with: the built-in ones and the
// user's, with their questions indexed by global id.
type Catalog struct {
	banks  []*Bank
	byBank map[string]*Bank
	byID   map[string]*Question
}

// NewCatalog indexes banks. A bank id given twice is an error naming both sources.
func NewCatalog(banks ...*Bank) (*Catalog, error) {
	c := &Catalog{byBank: make(map[string]*Bank, len(banks)), byID: make(map[string]*Question)}
	for _, b := range banks {
		if prev, dup := c.byBank[b.ID]; dup {
			return nil, fmt.Errorf("bank id %q is used by both %s and %s (rename one with a different id)", b.ID, describeSource(prev), describeSource(b))
		}
		c.byBank[b.ID] = b
		c.banks = append(c.banks, b)
		for _, q := range b.Questions {
			c.byID[q.GlobalID()] = q
		}
	}
	sort.SliceStable(c.banks, func(i, j int) bool { return c.banks[i].ID < c.banks[j].ID })
	return c, nil
}

func describeSource(b *Bank) string {
	if b.Source == SourceBuiltin {
		return "the built-in banks"
	}
	if b.File != "" {
		return b.File
	}
	return b.Source
}

// Banks returns every bank, sorted by id.
func (c *Catalog) Banks() []*Bank { return c.banks }

// Bank returns the bank with the given id, or nil.
func (c *Catalog) Bank(id string) *Bank { return c.byBank[id] }

// Questions returns every question of every bank, in bank and file order.
func (c *Catalog) Questions() []*Question {
	var out []*Question
	for _, b := range c.banks {
		out = append(out, b.Questions...)
	}
	return out
}

// Lookup finds a question by its global id ("gil/plus-equals-atomic") or by its
// bare id when that is unique across banks.
func (c *Catalog) Lookup(ref string) (*Question, error) {
	if q, ok := c.byID[ref]; ok {
		return q, nil
	}
	if !strings.Contains(ref, "/") {
		var found []*Question
		for _, b := range c.banks {
			for _, q := range b.Questions {
				if q.ID == ref {
					found = append(found, q)
				}
			}
		}
		switch len(found) {
		case 1:
			return found[0], nil
		case 0:
		default:
			ids := make([]string, len(found))
			for i, q := range found {
				ids[i] = q.GlobalID()
			}
			return nil, fmt.Errorf("question %q is ambiguous: use one of %s", ref, strings.Join(ids, ", "))
		}
	}
	return nil, fmt.Errorf("no question %q (ids look like bank/question; cram banks lists the banks)", ref)
}
