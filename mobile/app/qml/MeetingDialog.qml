import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Terrain.Field
import "util.js" as Util

// Creates a meeting on the tablet, offline: type, format, title, date and territory
// (a region and some of its departments, or national). openEdit(meeting) changes the
// details of an existing meeting instead (only the fields that changed are written;
// the status is changed from the meeting's header, not here).
Dialog {
    id: dialog
    objectName: "meetingDialog"
    required property TerrainReplica replica
    required property ReferenceData reference
    property bool portrait: false
    property var record: null          // null when creating
    readonly property bool editing: record !== null
    signal created(string id)

    modal: true
    parent: Overlay.overlay
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 32 : 900, 900)
    height: Math.min(parent ? parent.height - 32 : 760, implicitHeight)
    padding: Theme.margin
    title: editing ? qsTr("Modifier la rencontre") : qsTr("Nouvelle rencontre")
    font.pixelSize: Theme.fontSize
    closePolicy: Popup.CloseOnEscape
    Material.background: Theme.surface
    background: Rectangle { color: Theme.surface; radius: Theme.radius }
    header: Label {
        text: dialog.title
        font.pixelSize: Theme.fontTitle
        font.bold: true
        color: Theme.primaryDark
        padding: Theme.margin
        bottomPadding: 8
        wrapMode: Text.WordWrap
    }

    property string problem: ""
    property var departments: []
    // The date and time as first shown in edit mode: starts_at is rewritten only when
    // the facilitator changes them (so the meeting keeps its original UTC offset).
    property string shownDate: ""
    property string shownTime: ""

    function openNew() { record = null; reset(); open() }
    function openEdit(m) { record = m; fill(m); open() }

    function fill(m) {
        typeField.value = m.type || "rencontre_territoriale"
        formatField.value = m.format || "presentiel"
        titleField.text = m.title || ""
        const d = Util.parseRfc3339(m.starts_at)
        dateField.text = d ? Util.dateText(d) : ""
        timeField.text = d ? Util.timeText(d) : ""
        shownDate = dateField.text
        shownTime = timeField.text
        regionField.value = m.region || ""      // clears the departments: set them after
        departments = m.departments ? m.departments.slice() : []
        venueField.text = m.venue || ""
        problem = ""
    }

    function reset() {
        const now = new Date()
        typeField.value = "rencontre_territoriale"
        formatField.value = "presentiel"
        titleField.text = ""
        dateField.text = Util.dateText(now)
        timeField.text = "09:30"
        regionField.value = ""
        departments = []
        venueField.text = ""
        problem = ""
    }

    function toggleDepartment(code, on) {
        const next = departments.filter(function(d) { return d !== code })
        if (on) next.push(code)
        departments = next
    }

    function save() {
        const when = Util.parseDateTime(dateField.text, timeField.text)
        if (titleField.text.trim().length === 0) { problem = qsTr("Indiquez l'intitulé de la rencontre."); return }
        if (!when) { problem = qsTr("La date ou l'heure n'est pas valable (JJ/MM/AAAA et HH:MM)."); return }
        const fields = {
            type: typeField.value,
            format: formatField.value,
            title: titleField.text.trim(),
            region: regionField.value !== "" ? regionField.value : null,
            departments: departments.length > 0 ? departments.slice().sort() : null,
            venue: venueField.text.trim().length > 0 ? venueField.text.trim() : null
        }
        if (editing) {
            if (dateField.text !== shownDate || timeField.text !== shownTime) fields.starts_at = Util.rfc3339(when)
            const changed = {}
            for (const k in fields) {
                const before = record[k] === undefined ? null : record[k]
                if (JSON.stringify(before) !== JSON.stringify(fields[k])) changed[k] = fields[k]
            }
            if (Object.keys(changed).length > 0 && !replica.update("meeting", record._id, changed)) return
            close()
            return
        }
        fields.starts_at = Util.rfc3339(when)
        fields.status = "planifiee"
        for (const k in fields) if (fields[k] === null) delete fields[k]
        let scope = replica.scope
        if (typeof scope === "string") { try { scope = JSON.parse(scope) } catch (e) { scope = null } }
        if (scope && scope.cycle) fields.cycle = scope.cycle
        const id = replica.create("meeting", fields)
        if (id !== "") {
            close()
            created(id)
        }
    }

    contentItem: ScrollView {
        id: scroll
        contentWidth: availableWidth
        clip: true
        GridLayout {
            width: scroll.availableWidth
            columns: dialog.portrait ? 1 : 2
            columnSpacing: Theme.spacing
            rowSpacing: 8

            ColumnLayout {
                Layout.fillWidth: true
                Layout.columnSpan: dialog.portrait ? 1 : 2
                FieldLabel { text: qsTr("Intitulé") }
                TextField {
                    id: titleField
                    objectName: "meetingTitleField"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touch
                    placeholderText: qsTr("Ex. : Rencontre territoriale Bretagne 2024")
                    maximumLength: 200
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                FieldLabel { text: qsTr("Type de rencontre") }
                ChoiceField {
                    id: typeField
                    objectName: "meetingTypeField"
                    Layout.fillWidth: true
                    model: { dialog.reference.languageCode; return dialog.reference.items("meeting_types") }
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                FieldLabel { text: qsTr("Format") }
                ChoiceField {
                    id: formatField
                    objectName: "meetingFormatField"
                    Layout.fillWidth: true
                    model: { dialog.reference.languageCode; return dialog.reference.items("meeting_formats") }
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                FieldLabel { text: qsTr("Date (JJ/MM/AAAA)") }
                TextField {
                    id: dateField
                    objectName: "meetingDateField"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touch
                    inputMethodHints: Qt.ImhDate
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                FieldLabel { text: qsTr("Heure de début (HH:MM)") }
                TextField {
                    id: timeField
                    objectName: "meetingTimeField"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touch
                    inputMethodHints: Qt.ImhTime
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                FieldLabel { text: qsTr("Région") }
                ChoiceField {
                    id: regionField
                    objectName: "meetingRegionField"
                    Layout.fillWidth: true
                    model: {
                        dialog.reference.languageCode
                        return [{ code: "", label: qsTr("Rencontre nationale") }].concat(dialog.reference.items("regions"))
                    }
                    onValueChanged: dialog.departments = []
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                FieldLabel { text: qsTr("Lieu (facultatif)") }
                TextField {
                    id: venueField
                    objectName: "meetingVenueField"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touch
                    maximumLength: 300
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                Layout.columnSpan: dialog.portrait ? 1 : 2
                visible: regionField.value !== ""
                FieldLabel { text: qsTr("Départements concernés (facultatif : toute la région si aucun)") }
                Flow {
                    Layout.fillWidth: true
                    spacing: 8
                    Repeater {
                        model: { dialog.reference.languageCode; return regionField.value !== "" ? dialog.reference.departments(regionField.value) : [] }
                        delegate: ChipToggle {
                            required property var modelData
                            objectName: "department_" + modelData.code
                            text: modelData.code + " " + modelData.label
                            // The list of departments drives the chip (also when the dialog
                            // is filled for editing): a tap changes the list, not the chip.
                            checkable: false
                            checked: dialog.departments.indexOf(modelData.code) >= 0
                            onClicked: dialog.toggleDepartment(modelData.code, !checked)
                        }
                    }
                }
            }
            Label {
                objectName: "meetingProblem"
                Layout.columnSpan: dialog.portrait ? 1 : 2
                Layout.fillWidth: true
                visible: dialog.problem.length > 0
                text: dialog.problem
                color: Theme.error
                wrapMode: Text.WordWrap
            }
        }
    }

    footer: Pane {
        padding: 16
        background: Rectangle { color: Theme.surface }
        RowLayout {
            anchors.fill: parent
            spacing: 12
            Item { Layout.fillWidth: true }
            TouchButton {
                objectName: "meetingCancel"
                text: qsTr("Annuler")
                onClicked: dialog.close()
            }
            TouchButton {
                objectName: "meetingSave"
                text: dialog.editing ? qsTr("Enregistrer") : qsTr("Créer la rencontre")
                primary: true
                onClicked: dialog.save()
            }
        }
    }
}
