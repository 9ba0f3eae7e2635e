package diff

import (
	"fmt"
	"strconv"

	"github.com/fdireview/fdireview/rawform"
)

// This file compares the parts of task_detail that the real create/update request added
// to the model: error_handler (where failed rows go), afterImplementation (the message
// sent after each run) and mappingInput apart from its mappings. Handlers are compared
// position by position; each difference is a setting.changed with its own sentence.

const (
	ptrErrorHandler = ptrDetail + "/error_handler"
	ptrAfter        = ptrDetail + "/afterImplementation"
	ptrInput        = ptrDetail + "/mappingInput"
)

// requestParts compares error_handler, afterImplementation and mappingInput's own keys.
func (d *differ) requestParts(o, n *rawform.Detail) {
	d.errorHandlers(o, n)
	d.afterActions(o, n)

	// mappingInput: its form and its keys other than the mappings (the mappings are
	// compared with the table mappings, by target column).
	if (o.Input.List != nil) != (n.Input.List != nil) {
		d.add(SettingChanged, Info, "", ptrInput, formWord(o.Input.List != nil), formWord(n.Input.List != nil),
			fmt.Sprintf("mappingInput written as %s instead of %s", formWord(n.Input.List != nil), formWord(o.Input.List != nil)))
	}
	d.extra(ptrInput, "", listMap(o.Input.List), listMap(n.Input.List))
	d.extra(ptrInput, "", o.Input.Extra, n.Input.Extra)
}

func formWord(list bool) string {
	if list {
		return "a list"
	}
	return "an object"
}

// listMap keys a list's items by position, so that extra can compare two lists.
func listMap(l []any) map[string]any {
	if len(l) == 0 {
		return nil
	}
	m := make(map[string]any, len(l))
	for i, v := range l {
		m[strconv.Itoa(i)] = v
	}
	return m
}

// itemPointer is the pointer of item i of a value written as one object or a list.
func itemPointer(base string, list bool, i int) string {
	if list || i > 0 {
		return base + "/" + strconv.Itoa(i)
	}
	return base
}

// errorHandlers compares error_handler item by item.
func (d *differ) errorHandlers(o, n *rawform.Detail) {
	if o.ErrorHandlersList != n.ErrorHandlersList && len(o.ErrorHandlers) > 0 && len(n.ErrorHandlers) > 0 {
		d.add(SettingChanged, Info, "", ptrErrorHandler, formWord(o.ErrorHandlersList), formWord(n.ErrorHandlersList),
			fmt.Sprintf("error_handler written as %s instead of %s; same meaning", formWord(n.ErrorHandlersList), formWord(o.ErrorHandlersList)))
	}
	for i := range max(len(o.ErrorHandlers), len(n.ErrorHandlers)) {
		switch {
		case i >= len(o.ErrorHandlers):
			h := &n.ErrorHandlers[i]
			d.add(SettingChanged, Warning, "", itemPointer(ptrErrorHandler, n.ErrorHandlersList, i), nil, handlerValue(h),
				"error rows now go to "+handlerPlace(h))
		case i >= len(n.ErrorHandlers):
			h := &o.ErrorHandlers[i]
			d.add(SettingChanged, Warning, "", itemPointer(ptrErrorHandler, o.ErrorHandlersList, i), handlerValue(h), nil,
				"error rows no longer go to "+handlerPlace(h)+"; failed rows are not stored")
		default:
			d.errorHandler(itemPointer(ptrErrorHandler, n.ErrorHandlersList, i), &o.ErrorHandlers[i], &n.ErrorHandlers[i])
		}
	}
}

func (d *differ) errorHandler(ptr string, o, n *rawform.ErrorHandler) {
	if o.Mode != n.Mode {
		d.add(SettingChanged, Warning, "", ptr+"/mode", o.Mode, n.Mode,
			fmt.Sprintf("error rows now go to %s instead of %s", handlerPlace(n), handlerPlace(o)))
	} else if o.Path != n.Path {
		d.add(SettingChanged, Warning, "", ptr+"/path", o.Path, n.Path,
			fmt.Sprintf("error rows now go to %s instead of %s path %s", handlerPlace(n), orNone(o.Mode), orNone(o.Path)))
	}
	if o.DatasourceID != n.DatasourceID {
		d.add(SettingChanged, Warning, "", ptr+"/datasource_id", o.DatasourceID, n.DatasourceID,
			fmt.Sprintf("error rows now go to data source %s instead of %s", orNone(n.DatasourceID), orNone(o.DatasourceID)))
	}
	if o.AppID != n.AppID {
		d.add(SettingChanged, Warning, "", ptr+"/app_id", o.AppID, n.AppID,
			fmt.Sprintf("error rows' data source now belongs to application %s instead of %s", orNone(n.AppID), orNone(o.AppID)))
	}
	if o.StopOnFailure != n.StopOnFailure {
		msg := "the task now stops when storing error rows in OBS fails"
		if !n.StopOnFailure {
			msg = "the task no longer stops when storing error rows in OBS fails"
		}
		d.add(SettingChanged, Warning, "", ptr+"/stop_task_when_obs_failure", o.StopOnFailure, n.StopOnFailure, msg)
	}
	d.extra(ptr, "", o.Extra, n.Extra)
}

// handlerPlace says where an error handler puts rows: "OBS path data1".
func handlerPlace(h *rawform.ErrorHandler) string {
	s := orNone(h.Mode)
	if h.Path != "" {
		s += " path " + h.Path
	}
	return s
}

func handlerValue(h *rawform.ErrorHandler) map[string]any {
	v := map[string]any{"mode": h.Mode}
	if h.Path != "" {
		v["path"] = h.Path
	}
	if h.DatasourceID != "" {
		v["datasource_id"] = h.DatasourceID
	}
	return v
}

// afterActions compares afterImplementation item by item.
func (d *differ) afterActions(o, n *rawform.Detail) {
	if o.AfterActionsList != n.AfterActionsList && len(o.AfterActions) > 0 && len(n.AfterActions) > 0 {
		d.add(SettingChanged, Info, "", ptrAfter, formWord(o.AfterActionsList), formWord(n.AfterActionsList),
			fmt.Sprintf("afterImplementation written as %s instead of %s; same meaning", formWord(n.AfterActionsList), formWord(o.AfterActionsList)))
	}
	for i := range max(len(o.AfterActions), len(n.AfterActions)) {
		switch {
		case i >= len(o.AfterActions):
			a := &n.AfterActions[i]
			d.add(SettingChanged, Warning, "", itemPointer(ptrAfter, n.AfterActionsList, i), nil, actionValue(a),
				"after-run message to "+actionPlace(a)+" added")
		case i >= len(n.AfterActions):
			a := &o.AfterActions[i]
			d.add(SettingChanged, Warning, "", itemPointer(ptrAfter, o.AfterActionsList, i), actionValue(a), nil,
				"after-run message to "+actionPlace(a)+" removed")
		default:
			d.afterAction(itemPointer(ptrAfter, n.AfterActionsList, i), &o.AfterActions[i], &n.AfterActions[i])
		}
	}
}

func (d *differ) afterAction(ptr string, o, n *rawform.AfterAction) {
	if o.Type != n.Type {
		d.add(SettingChanged, Warning, "", ptr+"/actionType", o.Type, n.Type,
			fmt.Sprintf("after-run message now goes to %s instead of %s", actionPlace(n), actionPlace(o)))
	} else if o.Topic != n.Topic {
		d.add(SettingChanged, Warning, "", ptr+"/topic", o.Topic, n.Topic,
			fmt.Sprintf("after-run message now goes to %s instead of topic %s", actionPlace(n), orNone(o.Topic)))
	}
	if o.DatasourceID != n.DatasourceID {
		d.add(SettingChanged, Warning, "", ptr+"/datasourceId", o.DatasourceID, n.DatasourceID,
			fmt.Sprintf("after-run message now goes through data source %s instead of %s", orNone(n.DatasourceID), orNone(o.DatasourceID)))
	}
	if o.AppID != n.AppID {
		d.add(SettingChanged, Warning, "", ptr+"/appId", o.AppID, n.AppID,
			fmt.Sprintf("after-run message's data source now belongs to application %s instead of %s", orNone(n.AppID), orNone(o.AppID)))
	}
	if o.Message != n.Message {
		d.add(SettingChanged, Info, "", ptr+"/messageContent", o.Message, n.Message,
			fmt.Sprintf("after-run message to %s now reads %s instead of %s", actionPlace(n), show(n.Message), show(o.Message)))
	}
	d.extra(ptr, "", o.Extra, n.Extra)
}

// actionPlace says where an after-run message goes: "Kafka topic lgytest99".
func actionPlace(a *rawform.AfterAction) string {
	kind := orNone(a.Type)
	if a.Type == "KAFKA" {
		kind = "Kafka"
	}
	if a.Topic != "" {
		return kind + " topic " + a.Topic
	}
	return kind
}

func actionValue(a *rawform.AfterAction) map[string]any {
	v := map[string]any{"actionType": a.Type}
	if a.Topic != "" {
		v["topic"] = a.Topic
	}
	if a.DatasourceID != "" {
		v["datasourceId"] = a.DatasourceID
	}
	return v
}
