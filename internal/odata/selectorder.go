package odata

import "strings"

// $orderby and $select: comma-separated lists of property names, with
// asc or desc after each name of $orderby.

// field is a whitespace-separated word of a list item and its offset.
type field struct {
	pos  int
	text string
}

// item is one comma-separated item: its words, and its end, where an
// error about a missing name points.
type item struct {
	words []field
	end   int
}

// items splits value at commas into the words of each item.
func items(value string) []item {
	var out []item
	start := 0
	for _, text := range strings.Split(value, ",") {
		it := item{end: start + len(text)}
		for i := 0; i < len(text); {
			if text[i] == ' ' || text[i] == '\t' {
				i++
				continue
			}
			end := i + strings.IndexAny(text[i:]+" ", " \t")
			it.words = append(it.words, field{start + i, text[i:end]})
			i = end
		}
		out = append(out, it)
		start += len(text) + 1
	}
	return out
}

func parseOrderBy(value string, e *Entity) ([]OrderItem, error) {
	var order []OrderItem
	for _, it := range items(value) {
		words := it.words
		if len(words) == 0 {
			return nil, errorf("$orderby", it.end, "expected a property name")
		}
		p, ok := e.property(words[0].text)
		if !ok {
			return nil, e.unknown("$orderby", words[0].pos, words[0].text)
		}
		key := OrderItem{Property: p}
		if len(words) > 1 {
			switch words[1].text {
			case "asc":
			case "desc":
				key.Desc = true
			default:
				return nil, errorf("$orderby", words[1].pos, "expected asc, desc or ',', found %q", words[1].text)
			}
		}
		if len(words) > 2 {
			return nil, errorf("$orderby", words[2].pos, "expected ',' or the end, found %q", words[2].text)
		}
		order = append(order, key)
	}
	return order, nil
}

// parseSelect returns the selected names without repeats; nil for "*".
func parseSelect(value string, e *Entity) ([]string, error) {
	if strings.TrimSpace(value) == "*" {
		return nil, nil
	}
	var names []string
	seen := map[string]bool{}
	for _, it := range items(value) {
		words := it.words
		switch {
		case len(words) == 0:
			return nil, errorf("$select", it.end, "expected a property name")
		case len(words) > 1:
			return nil, errorf("$select", words[1].pos, "expected ',' or the end, found %q", words[1].text)
		}
		name := words[0].text
		if _, ok := e.property(name); !ok {
			return nil, e.unknown("$select", words[0].pos, name)
		}
		if !seen[name] {
			names = append(names, name)
			seen[name] = true
		}
	}
	return names, nil
}
