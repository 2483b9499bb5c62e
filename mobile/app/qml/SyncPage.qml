import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Terrain.Field

// Synchronisation: what waits to be sent, when the last sync succeeded, progress while
// syncing, errors in plain words with what to do, a notice when the sync corrected the
// tablet's clock, and conflicts with both values side by side. Personal values (names) are masked here: they show in the attendance screen.
Page {
    id: page
    objectName: "syncPage"
    required property TerrainReplica replica
    required property ReferenceData reference
    property bool portrait: false
    title: qsTr("Synchronisation")
    background: Rectangle { color: Theme.background }

    // Re-read explicitly whenever the replica's data or state changes (after every
    // write and every sync), rather than through a binding side effect.
    property var outbox: []
    property var conflicts: []
    readonly property var waiting: outbox.filter(function(o) { return o.state !== "accepted" })
    function reload() {
        outbox = replica.outbox()
        conflicts = replica.conflicts()
    }
    Component.onCompleted: reload()
    Connections {
        target: page.replica
        function onDataChanged() { page.reload() }
        function onInfoChanged() { page.reload() }
        function onSyncFinished() { page.reload() }
    }

    function stateText(s) {
        switch (s) {
        case "draft": return qsTr("À préparer")
        case "pending": return qsTr("En attente d'envoi")
        case "sent": return qsTr("Envoyé, réponse attendue")
        case "accepted": return qsTr("Reçu par le serveur")
        case "quarantined": return qsTr("Mis de côté pour vérification")
        case "conflicted": return qsTr("En conflit")
        default: return s
        }
    }
    function stateColor(s) {
        return s === "quarantined" || s === "conflicted" ? Theme.warning : s === "accepted" ? Theme.success : Theme.textMuted
    }
    function phaseText(p) {
        switch (p) {
        case 1: return qsTr("Préparation des saisies…")
        case 2: return qsTr("Envoi au serveur…")
        case 3: return qsTr("Réception des mises à jour…")
        case 4: return qsTr("Terminé")
        default: return ""
        }
    }
    function lastSyncText() {
        if (!replica.lastSyncMs) return qsTr("Jamais")
        const d = new Date(replica.lastSyncMs)
        const loc = Qt.locale(reference.languageCode === "en" ? "en_GB" : "fr_FR")
        return qsTr("le %1 à %2").arg(d.toLocaleDateString(loc, Locale.LongFormat)).arg(d.toLocaleTimeString(loc, "HH:mm"))
    }
    function meetingTitle(id) {
        if (!id) return qsTr("Données générales")
        const m = replica.find("meeting", id)
        return m.title || qsTr("Rencontre")
    }
    function changeCount(c) { return Array.isArray(c) ? c.length : (c || 0) }
    function shownValue(c, side) {
        if (reference.isPersonal(c.collection, c.field)) return qsTr("Donnée personnelle masquée : à consulter dans l'émargement")
        const v = side.value
        if (v === undefined || v === null) return qsTr("(vide)")
        // Codes of reference lists in words ("terminee" -> "Terminée").
        const list = c.collection === "meeting" ? { status: "meeting_statuses", type: "meeting_types", format: "meeting_formats", region: "regions" }[c.field]
                   : c.collection === "attendance" ? { actor_type: "actor_types", role: "attendance_roles", department: "departments" }[c.field]
                   : undefined
        if (list && typeof v === "string" && reference.label(list, v) !== "") return reference.label(list, v)
        if (typeof v === "string") return v
        if (typeof v === "boolean") return v ? qsTr("Oui") : qsTr("Non")
        return JSON.stringify(v)
    }
    function resolve(c, keep) {
        replica.resolve({ collection: c.collection, id: c.id, field: c.field, loser_version: c.loser.version, keep: keep })
    }

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            x: Theme.margin
            width: scroll.availableWidth - 2 * Theme.margin
            spacing: Theme.spacing
            Item { Layout.preferredHeight: 8 }

            // ---- Status and the sync button ----
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: statusGrid.implicitHeight + 2 * Theme.margin
                radius: Theme.radius
                color: Theme.surface
                border.color: Theme.border
                GridLayout {
                    id: statusGrid
                    x: Theme.margin
                    y: Theme.margin
                    width: parent.width - 2 * Theme.margin
                    columns: page.portrait ? 1 : 2
                    columnSpacing: Theme.margin
                    rowSpacing: 12
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 6
                        Label {
                            objectName: "syncPendingCount"
                            Layout.fillWidth: true
                            text: page.replica.waitingChangeSets > 0
                                  ? qsTr("%n envoi(s) en attente", "", page.replica.waitingChangeSets)
                                  : qsTr("Tout est envoyé")
                            font.pixelSize: Theme.fontTitle
                            font.bold: true
                            color: Theme.primaryDark
                            wrapMode: Text.WordWrap
                        }
                        Label {
                            objectName: "syncLast"
                            Layout.fillWidth: true
                            text: { page.replica.lastSyncMs; page.reference.languageCode; return qsTr("Dernière synchronisation réussie : %1").arg(page.lastSyncText()) }
                            wrapMode: Text.WordWrap
                        }
                        RowLayout {
                            spacing: 8
                            visible: page.replica.enrolled
                            Rectangle {
                                width: 14; height: 14; radius: 7
                                color: page.replica.serverReachable ? Theme.success : Theme.error
                            }
                            Label {
                                objectName: "syncReachable"
                                text: page.replica.serverReachable ? qsTr("Serveur joignable") : qsTr("Serveur injoignable pour l'instant : les saisies restent sur la tablette")
                                wrapMode: Text.WordWrap
                                Layout.fillWidth: true
                            }
                        }
                        Label {
                            objectName: "syncNotEnrolled"
                            Layout.fillWidth: true
                            visible: !page.replica.enrolled
                            text: qsTr("Cette tablette n'est pas encore inscrite : les saisies restent sur la tablette jusqu'à l'inscription.")
                            wrapMode: Text.WordWrap
                            color: Theme.warning
                        }
                        Label {
                            objectName: "syncServer"
                            Layout.fillWidth: true
                            visible: page.replica.enrolled
                            text: qsTr("Serveur : %1").arg(page.replica.serverUrl)
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                            wrapMode: Text.WrapAnywhere
                        }
                    }
                    ColumnLayout {
                        Layout.fillWidth: !page.portrait ? false : true
                        Layout.preferredWidth: page.portrait ? -1 : 360
                        spacing: 8
                        TouchButton {
                            objectName: "syncNow"
                            Layout.fillWidth: true
                            implicitHeight: 72
                            primary: true
                            font.pixelSize: Theme.fontLarge
                            enabled: !page.replica.syncing && page.replica.enrolled
                            text: page.replica.syncing ? qsTr("Synchronisation…") : qsTr("Synchroniser maintenant")
                            onClicked: page.replica.sync()
                        }
                        ProgressBar {
                            objectName: "syncProgress"
                            Layout.fillWidth: true
                            visible: page.replica.syncing
                            from: 0
                            to: 1
                            value: page.replica.syncProgress
                        }
                        Label {
                            objectName: "syncPhase"
                            Layout.fillWidth: true
                            visible: page.replica.syncing
                            text: page.phaseText(page.replica.syncPhase)
                            color: Theme.textMuted
                        }
                        Label {
                            objectName: "syncSummary"
                            Layout.fillWidth: true
                            visible: !page.replica.syncing && page.replica.lastSyncSummary.pushed !== undefined && !page.replica.syncError.title
                            wrapMode: Text.WordWrap
                            color: Theme.success
                            text: {
                                const s = page.replica.lastSyncSummary
                                return qsTr("Dernier échange : %1 envoyé(s), %2 accepté(s), %3 reçu(s).").arg(s.pushed || 0).arg(s.accepted || 0).arg(s.pulled || 0)
                            }
                        }
                    }
                }
            }

            ErrorBanner {
                objectName: "syncError"
                Layout.fillWidth: true
                error: page.replica.syncError
                warning: page.replica.syncError.transient === true
            }

            // The last sync went through but had to correct the tablet's clock.
            ClockNotice {
                objectName: "syncClockNotice"
                Layout.fillWidth: true
                visible: shown && !page.replica.syncing && !page.replica.syncError.title
                correctedMs: page.replica.lastSyncSummary.clock_corrected_ms || 0
            }

            // ---- Conflicts ----
            Label {
                objectName: "conflictsTitle"
                Layout.fillWidth: true
                text: page.conflicts.length > 0 ? qsTr("%n conflit(s) à examiner", "", page.conflicts.length) : qsTr("Aucun conflit")
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: page.conflicts.length > 0 ? Theme.warning : Theme.text
            }
            Label {
                Layout.fillWidth: true
                visible: page.conflicts.length > 0
                wrapMode: Text.WordWrap
                color: Theme.textMuted
                text: qsTr("Deux tablettes ont modifié la même information. La valeur retenue s'applique déjà ; l'autre est conservée ici. Choisissez celle à garder.")
            }
            Repeater {
                model: page.conflicts
                delegate: Rectangle {
                    id: conflictCard
                    required property var modelData
                    required property int index
                    readonly property var conflict: modelData
                    objectName: "conflict_" + index
                    Layout.fillWidth: true
                    implicitHeight: cc.implicitHeight + 2 * Theme.spacing
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: Theme.warning
                    border.width: 2
                    ColumnLayout {
                        id: cc
                        x: Theme.spacing
                        y: Theme.spacing
                        width: parent.width - 2 * Theme.spacing
                        spacing: 8
                        Label {
                            Layout.fillWidth: true
                            text: page.reference.collectionTitle(modelData.collection) + " · " + page.reference.fieldTitle(modelData.collection, modelData.field)
                                  + (modelData.collection !== "meeting" ? "" : " · " + page.meetingTitle(modelData.id))
                            font.bold: true
                            wrapMode: Text.WordWrap
                        }
                        GridLayout {
                            Layout.fillWidth: true
                            columns: page.portrait ? 1 : 2
                            columnSpacing: Theme.spacing
                            rowSpacing: 8
                            Repeater {
                                model: [
                                    { side: modelData.winner, keep: "winner", title: qsTr("Valeur retenue") },
                                    { side: modelData.loser, keep: "loser", title: qsTr("Autre valeur") }
                                ]
                                delegate: Rectangle {
                                    required property var modelData
                                    Layout.fillWidth: true
                                    Layout.preferredWidth: 1
                                    implicitHeight: sideColumn.implicitHeight + 24
                                    radius: Theme.radius
                                    color: Theme.background
                                    border.color: Theme.border
                                    ColumnLayout {
                                        id: sideColumn
                                        x: 12; y: 12
                                        width: parent.width - 24
                                        spacing: 8
                                        FieldLabel { text: modelData.title }
                                        Label {
                                            objectName: "conflictValue_" + modelData.keep
                                            Layout.fillWidth: true
                                            text: page.shownValue(conflictCard.conflict, modelData.side)
                                            wrapMode: Text.WordWrap
                                            font.pixelSize: Theme.fontLarge
                                        }
                                        TouchButton {
                                            objectName: "conflictKeep_" + modelData.keep
                                            Layout.fillWidth: true
                                            primary: modelData.keep === "winner"
                                            text: qsTr("Garder cette valeur")
                                            onClicked: page.resolve(conflictCard.conflict, modelData.keep)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }

            // ---- Outbox ----
            Label {
                Layout.fillWidth: true
                Layout.topMargin: 8
                text: qsTr("Saisies en attente")
                font.pixelSize: Theme.fontLarge
                font.bold: true
            }
            Label {
                objectName: "outboxEmpty"
                Layout.fillWidth: true
                visible: page.waiting.length === 0
                text: qsTr("Rien n'attend d'être envoyé.")
                color: Theme.textMuted
            }
            Repeater {
                model: page.waiting
                delegate: Rectangle {
                    required property var modelData
                    required property int index
                    objectName: "outbox_" + index
                    Layout.fillWidth: true
                    implicitHeight: ob.implicitHeight + 24
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: Theme.border
                    GridLayout {
                        id: ob
                        x: 16; y: 12
                        width: parent.width - 32
                        columns: page.portrait ? 1 : 3
                        columnSpacing: Theme.spacing
                        Label {
                            Layout.fillWidth: true
                            Layout.preferredWidth: 3
                            text: page.meetingTitle(modelData.meeting)
                            wrapMode: Text.WordWrap
                            font.bold: true
                        }
                        Label {
                            Layout.fillWidth: true
                            Layout.preferredWidth: 2
                            text: qsTr("%n modification(s)", "", page.changeCount(modelData.changes))
                                  + (modelData.created_ms ? " · " + new Date(modelData.created_ms).toLocaleTimeString(Qt.locale("fr_FR"), "HH:mm") : "")
                            color: Theme.textMuted
                            wrapMode: Text.WordWrap
                        }
                        Label {
                            Layout.fillWidth: true
                            Layout.preferredWidth: 2
                            text: page.stateText(modelData.state)
                            color: page.stateColor(modelData.state)
                            font.bold: true
                            horizontalAlignment: page.portrait ? Text.AlignLeft : Text.AlignRight
                            wrapMode: Text.WordWrap
                        }
                        Label {
                            Layout.columnSpan: page.portrait ? 1 : 3
                            Layout.fillWidth: true
                            visible: (modelData.reason || "").length > 0
                            text: qsTr("Motif : %1").arg(modelData.reason || "")
                            color: Theme.warning
                            wrapMode: Text.WordWrap
                            font.pixelSize: Theme.fontSmall
                        }
                        Label {
                            // The CNSA's decision on a change set set aside, learnt at a sync.
                            Layout.columnSpan: page.portrait ? 1 : 3
                            Layout.fillWidth: true
                            visible: (modelData.decision || "").length > 0
                            text: {
                                const when = modelData.decided_ms ? new Date(modelData.decided_ms).toLocaleString(Qt.locale("fr_FR"), "dd/MM/yyyy HH:mm") : ""
                                const base = modelData.decision === "released"
                                        ? qsTr("Libéré par la CNSA le %1 : intégré aux données").arg(when)
                                        : qsTr("Rejeté par la CNSA le %1 : non intégré aux données").arg(when)
                                return (modelData.decision_reason || "").length > 0
                                        ? base + " — " + qsTr("motif : %1").arg(modelData.decision_reason) : base
                            }
                            color: modelData.decision === "released" ? Theme.success : Theme.warning
                            wrapMode: Text.WordWrap
                            font.pixelSize: Theme.fontSmall
                        }
                    }
                }
            }
            Item { Layout.preferredHeight: Theme.margin }
        }
    }
}
