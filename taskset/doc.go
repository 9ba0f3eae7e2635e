// Package taskset compares two sets of FDI tasks — two snapshot folders, two instances, or
// one instance at two times — and says, per task, whether it was added, removed, changed or
// left unchanged, with the full classified report of package diff for each changed task.
//
// It is built on rawform.Parse and diff.Tasks only: it matches tasks, runs the task-level
// comparison on each matched pair and counts; it has no comparison rules of its own. It
// imports neither the viewer nor the FDI client: a Set is a list of Items, each knowing its
// matching keys up front and how to read its bytes (ReadDir builds one from a folder; the
// viewer builds one from an instance's task list).
//
// # Matching rules
//
// Tasks are identified across sets by task_name first, because the ids of one task differ
// between a development and a production instance, then by task_id, because a task renamed
// in one instance keeps its id:
//
//  1. Items with the same name and the same id are paired.
//  2. Of the rest, items with the same name are paired, in set order (the n-th "orders" of
//     the old set with the n-th "orders" of the new one).
//  3. Of the rest, items with the same non-empty id are paired: a renamed task, whose
//     report then shows the name change.
//  4. Unpaired old items are removed, unpaired new items are added.
//
// Names are compared exactly. An item's name is the envelope's task.task_name, or for a bare
// task_detail document its taskName, or failing both its file name without ".json".
//
// # Statuses
//
//	status     meaning                                                   counts as
//	changed    paired, and diff.Tasks reports at least one change        its changes' severities
//	unchanged  paired, and no change (reordering alone is no change)     nothing
//	removed    only in the old set                                       breaking (its data stops flowing)
//	added      only in the new set                                       info
//	invalid    paired or not, a side could not be read or parsed          (exit status 2 in fdi)
//
// Comparison.AtLeast(s) is what --fail-on tests: some changed task has a change at or above
// s, or a removed task (breaking) or an added task (info) reaches s.
//
// # Order
//
// Comparison.Tasks is sorted by status — invalid, removed, changed, added, unchanged, the
// ones needing attention first — then by name, then by the old and new ref. The same two sets
// give the same comparison, byte for byte once rendered, whatever the number of workers.
//
// # Cost
//
// Compare never holds more than a few tasks per worker in memory: a Set holds keys, not
// bodies; pairs are read, parsed, compared and dropped by GOMAXPROCS workers (WithWorkers),
// and only the reports are kept. Two items whose bytes are identical are parsed once and
// not compared. ReadDir reads each file once to find its keys (an encoding/json pass that
// skips task_detail), so every file is read twice in all and parsed at most once. Measured
// on 1,000 tasks of 200 mappings per side: see the README (Performance) and
// scripts/bench-sets.sh.
//
// # Renderers
//
// WriteText (a table for a terminal, then the top changes of each changed task),
// WriteMarkdown (a pull-request comment) and WriteJSON (every field, with each changed
// task's full report) render a Comparison.
package taskset
