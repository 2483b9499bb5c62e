import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Terrain.Field
import "util.js" as Util

// Check-in form for one participant: create ("Enregistrer et suivant" keeps the dialog
// open with the same organisation details for the next person of a group) or edit and
// remove. Without consent the name is not recorded. Conflicts on this participant are
// shown here (and only here) with both values, since they may hold a name.
Dialog {
    id: dialog
    objectName: "participantDialog"
    required property TerrainReplica replica
    required property ReferenceData reference
    property bool portrait: false
    property string meetingId: ""
    property var record: null          // null when creating
    property string problem: ""
    property int savedInARow: 0
    readonly property bool editing: record !== null

    modal: true
    parent: Overlay.overlay
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 32 : 900, 920)
    height: Math.min(parent ? parent.height - 32 : 760, implicitHeight)
    padding: Theme.margin
    font.pixelSize: Theme.fontSize
    title: editing ? qsTr("Modifier la présence") : qsTr("Enregistrer une arrivée")
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
        elide: Text.ElideRight
    }

    readonly property var conflicts: {
        replica.revision
        if (!editing) return []
        const id = record._id
        return replica.conflicts().filter(function(c) { return c.collection === "attendance" && c.id === id })
    }

    function fill(r) {
        nameField.text = r && r.display_name ? r.display_name : ""
        actorField.value = r && r.actor_type ? r.actor_type : ""
        organisationField.text = r && r.organisation ? r.organisation : ""
        departmentField.value = r && r.department ? r.department : ""
        roleField.value = r && r.role ? r.role : "participant"
        concernedField.value = r && r.people_concerned ? r.people_concerned : "non"
        consentSwitch.checked = r ? r.consent === true : false
        problem = ""
    }
    function openNew() { record = null; savedInARow = 0; fill(null); open(); nameField.forceActiveFocus() }
    function openEdit(r) { record = r; fill(r); open() }

    function fields() {
        const f = {
            actor_type: actorField.value,
            consent: consentSwitch.checked,
            role: roleField.value,
            people_concerned: concernedField.value
        }
        const name = nameField.text.trim()
        f.display_name = consentSwitch.checked && name.length > 0 ? name : null
        const org = organisationField.text.trim()
        f.organisation = org.length > 0 ? org : null
        f.department = departmentField.value !== "" ? departmentField.value : null
        return f
    }

    function save(next) {
        if (actorField.value === "") { problem = qsTr("Choisissez le type d'acteur."); return false }
        const f = fields()
        if (editing) {
            const changed = {}
            for (const k in f) {
                const before = record[k] === undefined ? null : record[k]
                if (before !== f[k]) changed[k] = f[k]
            }
            if (Object.keys(changed).length > 0 && !replica.update("attendance", record._id, changed)) return false
            close()
            return true
        }
        const created = { meeting: meetingId, checked_in_at: Util.rfc3339(new Date()) }
        for (const k in f) if (f[k] !== null) created[k] = f[k]
        if (replica.create("attendance", created) === "") return false
        savedInARow += 1
        if (next) {
            // Same group: keep organisation, actor type and department; clear the person.
            nameField.text = ""
            consentSwitch.checked = false
            concernedField.value = "non"
            roleField.value = "participant"
            problem = ""
            nameField.forceActiveFocus()
        } else {
            close()
        }
        return true
    }

    function removeRecord() {
        if (editing && replica.remove("attendance", record._id)) close()
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
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacing
                    ColumnLayout {
                        Layout.fillWidth: true
                        FieldLabel { text: qsTr("Nom et prénom") }
                        TextField {
                            id: nameField
                            objectName: "participantNameField"
                            Layout.fillWidth: true
                            Layout.preferredHeight: Theme.touch
                            maximumLength: 200
                            enabled: consentSwitch.checked
                            placeholderText: consentSwitch.checked ? qsTr("Ex. : Camille Martin") : qsTr("Nom non enregistré sans consentement")
                            inputMethodHints: Qt.ImhNoPredictiveText
                        }
                    }
                    ColumnLayout {
                        FieldLabel { text: qsTr("Consentement") }
                        Switch {
                            id: consentSwitch
                            objectName: "participantConsent"
                            Layout.preferredHeight: Theme.touch
                            text: checked ? qsTr("Oui") : qsTr("Non")
                            font.pixelSize: Theme.fontSize
                        }
                    }
                }
                Label {
                    Layout.fillWidth: true
                    text: qsTr("La personne accepte que son nom et ses informations figurent sur la liste d'émargement, utilisée par la CNSA et les organisateurs.")
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontSmall
                    color: Theme.textMuted
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                FieldLabel { text: qsTr("Type d'acteur") }
                ChoiceField {
                    id: actorField
                    objectName: "participantActorType"
                    Layout.fillWidth: true
                    model: { dialog.reference.languageCode; return dialog.reference.items("actor_types") }
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                FieldLabel { text: qsTr("Organisme") }
                TextField {
                    id: organisationField
                    objectName: "participantOrganisation"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touch
                    maximumLength: 200
                    placeholderText: qsTr("Ex. : MDPH du Finistère")
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                FieldLabel { text: qsTr("Département") }
                ChoiceField {
                    id: departmentField
                    objectName: "participantDepartment"
                    Layout.fillWidth: true
                    model: {
                        dialog.reference.languageCode
                        return [{ code: "", label: qsTr("Non précisé") }].concat(dialog.reference.departments("").map(function(d) { return { code: d.code, label: d.code + " " + d.label } }))
                    }
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                FieldLabel { text: qsTr("Rôle dans la rencontre") }
                ChoiceField {
                    id: roleField
                    objectName: "participantRole"
                    Layout.fillWidth: true
                    model: { dialog.reference.languageCode; return dialog.reference.items("attendance_roles") }
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                Layout.columnSpan: dialog.portrait ? 1 : 2
                FieldLabel { text: qsTr("Personne concernée ou représentant") }
                Flow {
                    id: concernedField
                    objectName: "participantConcerned"
                    property string value: "non"
                    Layout.fillWidth: true
                    spacing: 8
                    Repeater {
                        model: { dialog.reference.languageCode; return dialog.reference.items("people_concerned") }
                        delegate: ChipToggle {
                            required property var modelData
                            objectName: "concerned_" + modelData.code
                            text: modelData.label
                            // One choice among four: the chip shows the value, a tap sets it
                            // (not checkable, so a tap never breaks the binding below).
                            checkable: false
                            Accessible.role: Accessible.RadioButton
                            checked: concernedField.value === modelData.code
                            onClicked: concernedField.value = modelData.code
                        }
                    }
                }
            }

            // Conflicts on this participant (values may be names: shown only here).
            Repeater {
                model: dialog.conflicts
                delegate: Rectangle {
                    required property var modelData
                    Layout.columnSpan: dialog.portrait ? 1 : 2
                    Layout.fillWidth: true
                    implicitHeight: conflictColumn.implicitHeight + 24
                    radius: Theme.radius
                    color: Theme.warningSurface
                    border.color: Theme.warning
                    ColumnLayout {
                        id: conflictColumn
                        anchors.fill: parent
                        anchors.margins: 12
                        Label {
                            Layout.fillWidth: true
                            text: qsTr("Deux tablettes ont saisi des valeurs différentes pour « %1 ».").arg(modelData.field)
                            wrapMode: Text.WordWrap
                            font.bold: true
                            color: Theme.warning
                        }
                        RowLayout {
                            Layout.fillWidth: true
                            spacing: Theme.spacing
                            TouchButton {
                                Layout.fillWidth: true
                                text: qsTr("Garder : %1").arg(JSON.stringify(modelData.winner.value))
                                onClicked: dialog.replica.resolve({ collection: "attendance", id: modelData.id, field: modelData.field, loser_version: modelData.loser.version, keep: "winner" })
                            }
                            TouchButton {
                                Layout.fillWidth: true
                                text: qsTr("Garder : %1").arg(JSON.stringify(modelData.loser.value))
                                onClicked: dialog.replica.resolve({ collection: "attendance", id: modelData.id, field: modelData.field, loser_version: modelData.loser.version, keep: "loser" })
                            }
                        }
                    }
                }
            }

            Label {
                objectName: "participantProblem"
                Layout.columnSpan: dialog.portrait ? 1 : 2
                Layout.fillWidth: true
                visible: dialog.problem.length > 0
                text: dialog.problem
                color: Theme.error
                wrapMode: Text.WordWrap
            }
            Label {
                objectName: "participantSavedInARow"
                Layout.columnSpan: dialog.portrait ? 1 : 2
                Layout.fillWidth: true
                visible: !dialog.editing && dialog.savedInARow > 0
                text: qsTr("%n arrivée(s) enregistrée(s) à la suite.", "", dialog.savedInARow)
                color: Theme.success
                wrapMode: Text.WordWrap
            }
        }
    }

    footer: Pane {
        padding: 16
        background: Rectangle { color: Theme.surface; radius: Theme.radius }
        RowLayout {
            anchors.fill: parent
            spacing: 12
            TouchButton {
                objectName: "participantDelete"
                visible: dialog.editing
                danger: true
                text: qsTr("Supprimer")
                onClicked: dialog.removeRecord()
            }
            Item { Layout.fillWidth: true }
            TouchButton {
                objectName: "participantCancel"
                text: qsTr("Annuler")
                onClicked: dialog.close()
            }
            TouchButton {
                objectName: "participantSaveNext"
                visible: !dialog.editing
                text: qsTr("Enregistrer et suivant")
                onClicked: dialog.save(true)
            }
            TouchButton {
                objectName: "participantSave"
                primary: true
                text: qsTr("Enregistrer")
                onClicked: dialog.save(false)
            }
        }
    }
}
