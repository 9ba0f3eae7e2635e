package diff

import (
	"fmt"
	"reflect"
)

// destinationKeys name where a non-table target writes: a topic, a queue, a file, a
// bucket, an index, a collection. They are kept in Target.Extra (the sections of these
// types are open), and changing one sends the data elsewhere, as changing targetTable
// does: breaking, whatever the target kind. Each is the noun of the message.
var destinationKeys = map[string]string{
	"topic": "topic", "topicName": "topic", "queue": "queue", "queueName": "queue",
	"destination": "destination", "exchange": "exchange", "routingKey": "routing key",
	"path": "path", "filePath": "file path", "fileName": "file name", "bucket": "bucket",
	"bucketName": "bucket", "objectName": "object", "index": "index", "collection": "collection",
	"tableName": "table",
}

// targetDestination reports a change of a non-table target's destination (topic, queue,
// file, bucket…) as breaking, like a changed targetTable, and returns the Extra maps
// without the keys it judged, for the generic comparison.
func (d *differ) targetDestination(old, new map[string]any) (map[string]any, map[string]any) {
	var done []string
	for key, noun := range destinationKeys {
		ov, oin := old[key]
		nv, nin := new[key]
		if !oin && !nin {
			continue
		}
		done = append(done, key)
		if oin && nin && reflect.DeepEqual(ov, nv) {
			continue
		}
		d.add(TableChanged, Breaking, "", ptrTarget+"/"+key, ov, nv,
			fmt.Sprintf("target %s %s → %s: data will be written to another %s", noun, show(ov), show(nv), noun))
	}
	if len(done) == 0 {
		return old, new
	}
	return without(old, done), without(new, done)
}
