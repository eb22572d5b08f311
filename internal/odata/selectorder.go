package odata

import "strings"

// $orderby and $select: comma-separated lists of property names, with
// asc or desc after each name of $orderby.

// field is a whitespace-separated word of a list item and its offset.
type field struct {
	pos  int
	text string
}

// items splits value at commas into the words of each item.
func items(value string) [][]field {
	var out [][]field
	start := 0
	for _, item := range strings.Split(value, ",") {
		var words []field
		for i := 0; i < len(item); {
			if item[i] == ' ' || item[i] == '\t' {
				i++
				continue
			}
			end := i + strings.IndexAny(item[i:]+" ", " \t")
			words = append(words, field{start + i, item[i:end]})
			i = end
		}
		out = append(out, words)
		start += len(item) + 1
	}
	return out
}

// itemEnd is the offset just past item number i, where a missing name is.
func itemEnd(value string, i int) int {
	end := 0
	for _, item := range strings.SplitN(value, ",", i+2)[:i+1] {
		end += len(item) + 1
	}
	return end - 1
}

func parseOrderBy(value string, e *Entity) ([]OrderItem, error) {
	var order []OrderItem
	for i, words := range items(value) {
		if len(words) == 0 {
			return nil, errorf("$orderby", itemEnd(value, i), "expected a property name")
		}
		p, ok := e.property(words[0].text)
		if !ok {
			return nil, e.unknown("$orderby", words[0].pos, words[0].text)
		}
		item := OrderItem{Property: p}
		if len(words) > 1 {
			switch words[1].text {
			case "asc":
			case "desc":
				item.Desc = true
			default:
				return nil, errorf("$orderby", words[1].pos, "expected asc, desc or ',', found %q", words[1].text)
			}
		}
		if len(words) > 2 {
			return nil, errorf("$orderby", words[2].pos, "expected ',' or the end, found %q", words[2].text)
		}
		order = append(order, item)
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
	for i, words := range items(value) {
		switch {
		case len(words) == 0:
			return nil, errorf("$select", itemEnd(value, i), "expected a property name")
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
