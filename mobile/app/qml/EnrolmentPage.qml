import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Terrain.Field

// Enrolment of a new tablet: the server's address and the single-use code given by the
// CNSA's central team. After success, the role and scope the server granted are shown.
Page {
    id: page
    objectName: "enrolmentPage"
    required property TerrainReplica replica
    required property ReferenceData reference
    signal continueRequested()
    title: qsTr("Inscription de la tablette")
    background: Rectangle { color: Theme.background }

    property var error: ({})
    property var result: ({})
    readonly property bool done: result.role !== undefined

    function submit() {
        error = {}
        replica.enrol(serverField.text.trim(), codeField.text.trim())
    }

    Connections {
        target: page.replica
        function onEnrolmentFinished(ok, result, error) {
            if (ok) page.result = result
            else page.error = error
        }
    }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: Math.min(page.width - 2 * Theme.margin, 760)
            x: (page.width - width) / 2
            spacing: Theme.spacing

            Item { Layout.preferredHeight: Theme.margin }
            Label {
                Layout.fillWidth: true
                text: qsTr("Bienvenue dans Terrain")
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.primaryDark
                wrapMode: Text.WordWrap
            }
            Label {
                objectName: "enrolmentIntro"
                Layout.fillWidth: true
                text: qsTr("Pour utiliser cette tablette, inscrivez-la une fois auprès du serveur de la CNSA avec le code d'inscription qui vous a été remis. Une connexion est nécessaire pour cette étape seulement : ensuite, tout fonctionne sans réseau.")
                wrapMode: Text.WordWrap
                color: Theme.textMuted
            }

            Pane {
                Layout.fillWidth: true
                visible: !page.done
                Material.elevation: 1
                background: Rectangle { color: Theme.surface; radius: Theme.radius; border.color: Theme.border }
                padding: Theme.margin
                ColumnLayout {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    spacing: 8
                    FieldLabel { text: qsTr("Adresse du serveur") }
                    TextField {
                        id: serverField
                        objectName: "serverField"
                        Layout.fillWidth: true
                        Layout.preferredHeight: Theme.touch
                        placeholderText: "https://terrain.cnsa.fr"
                        inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                        enabled: !page.replica.enrolling
                        font.pixelSize: Theme.fontSize
                    }
                    Item { Layout.preferredHeight: 8 }
                    FieldLabel { text: qsTr("Code d'inscription") }
                    TextField {
                        id: codeField
                        objectName: "codeField"
                        Layout.fillWidth: true
                        Layout.preferredHeight: Theme.touch
                        placeholderText: qsTr("Saisissez ou collez le code")
                        inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText | Qt.ImhSensitiveData
                        enabled: !page.replica.enrolling
                        font.pixelSize: Theme.fontSize
                        font.family: "monospace"
                        onAccepted: if (submitButton.enabled) page.submit()
                    }
                    Item { Layout.preferredHeight: 8 }
                    ErrorBanner {
                        objectName: "enrolmentError"
                        Layout.fillWidth: true
                        error: page.error
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacing
                        BusyIndicator {
                            running: page.replica.enrolling
                            visible: running
                            Layout.preferredHeight: Theme.touch
                        }
                        Label {
                            visible: page.replica.enrolling
                            text: qsTr("Inscription en cours…")
                            Layout.fillWidth: true
                        }
                        Item { Layout.fillWidth: true; visible: !page.replica.enrolling }
                        TouchButton {
                            id: submitButton
                            objectName: "enrolButton"
                            primary: true
                            text: qsTr("Inscrire la tablette")
                            enabled: !page.replica.enrolling && serverField.text.trim().length > 0 && codeField.text.trim().length > 0
                            onClicked: page.submit()
                        }
                    }
                }
            }

            Pane {
                objectName: "enrolmentSuccess"
                Layout.fillWidth: true
                visible: page.done
                background: Rectangle { color: Theme.successSurface; radius: Theme.radius; border.color: Theme.success; border.width: 2 }
                padding: Theme.margin
                ColumnLayout {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    spacing: 12
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("La tablette est inscrite.")
                        font.pixelSize: Theme.fontLarge
                        font.bold: true
                        color: Theme.success
                        wrapMode: Text.WordWrap
                    }
                    GridLayout {
                        Layout.fillWidth: true
                        columns: 2
                        columnSpacing: Theme.spacing
                        rowSpacing: 8
                        FieldLabel { text: qsTr("Rôle") }
                        Label {
                            objectName: "enrolledRole"
                            Layout.fillWidth: true
                            text: RoleText.role(page.result.role)
                            wrapMode: Text.WordWrap
                        }
                        FieldLabel { text: qsTr("Périmètre") }
                        Label {
                            objectName: "enrolledScope"
                            Layout.fillWidth: true
                            text: { page.reference.languageCode; return RoleText.scope(page.result.scope, page.reference) }
                            wrapMode: Text.WordWrap
                        }
                        FieldLabel { text: qsTr("Serveur") }
                        Label {
                            Layout.fillWidth: true
                            text: page.result.server_url || ""
                            wrapMode: Text.WrapAnywhere
                        }
                    }
                    ClockNotice {
                        objectName: "enrolmentClockNotice"
                        Layout.fillWidth: true
                        correctedMs: page.result.clock_corrected_ms || 0
                    }
                    TouchButton {
                        objectName: "enrolmentContinue"
                        Layout.alignment: Qt.AlignRight
                        primary: true
                        text: qsTr("Voir les rencontres")
                        onClicked: page.continueRequested()
                    }
                }
            }
            Item { Layout.preferredHeight: Theme.margin }
        }
    }
}
