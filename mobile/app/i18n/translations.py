#!/usr/bin/env python3
"""Fills terrain-field's translation files after `lupdate` (target update_translations).

Sources (qsTr) are written in French. This script writes:
  - terrain-field_fr.ts: only the plural forms of "%n" messages ("présent(s)" ->
    "présent" / "présents"), everything else falls back to the French source;
  - terrain-field_en.ts: the English text of every message, from EN below.
Run: python3 mobile/app/i18n/translations.py   (fails listing any message without English)
"""
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent

EN = {
    "Libéré par la CNSA le %1 : intégré aux données": "Released by the CNSA on %1: included in the data",
    "Rejeté par la CNSA le %1 : non intégré aux données": "Rejected by the CNSA on %1: not included in the data",
    "motif : %1": "reason: %1",
    "%1 personnes": "%1 people",
    "(vide)": "(empty)",
    "+ Ajouter un compteur": "+ Add a counter",
    "+ Enregistrer une arrivée": "+ Check someone in",
    "+ Nouvelle rencontre": "+ New meeting",
    "Administrateur": "Administrator",
    "Adresse du serveur": "Server address",
    "Ajouter la contribution": "Add the contribution",
    "Ajouter une personne": "Add one person",
    "Ajouter une personne concernée": "Add one person concerned",
    "Animateur": "Facilitator",
    "Annuler": "Cancel",
    "Atelier": "Workshop",
    "Aucun": "None",
    "Aucun conflit": "No conflicts",
    "Aucun participant ne correspond à « %1 ».": "No participant matches “%1”.",
    "Aucun questionnaire de satisfaction n'est disponible. Synchronisez la tablette.":
        "No satisfaction questionnaire is available. Sync the tablet.",
    "Aucune grille d'évaluation n'est disponible. Synchronisez la tablette.":
        "No evaluation grid is available. Sync the tablet.",
    "Aucune rencontre pour l'instant. Synchronisez pour recevoir les rencontres de votre périmètre, ou créez-en une.":
        "No meetings yet. Sync to receive the meetings in your scope, or create one.",
    "Autre valeur": "Other value",
    "Bienvenue dans Terrain": "Welcome to Terrain",
    "Ce code d'inscription a déjà servi à inscrire une autre tablette.":
        "This enrolment code has already enrolled another tablet.",
    "Ce code d'inscription a expiré.": "This enrolment code has expired.",
    "Ce code d'inscription n'est pas reconnu par le serveur.":
        "The server does not recognise this enrolment code.",
    "Chaque code n'inscrit qu'une tablette : demandez un nouveau code à l'équipe centrale de la CNSA.":
        "Each code enrols one tablet only: ask the CNSA's central team for a new code.",
    "Demandez un nouveau code à l'équipe centrale de la CNSA : un code ne sert que pendant une durée limitée.":
        "Ask the CNSA's central team for a new code: a code only works for a limited time.",
    "Ce questionnaire est anonyme : vos réponses ne sont pas reliées à votre nom.":
        "This questionnaire is anonymous: your answers are not linked to your name.",
    "Cet élément est introuvable.": "This item cannot be found.",
    "Cette action sort du périmètre confié à la tablette.":
        "This action is outside the scope given to this tablet.",
    "Cette modification entre en conflit avec une autre.": "This change conflicts with another one.",
    "Cette tablette a été révoquée par l'équipe centrale.":
        "This tablet has been revoked by the central team.",
    "Cette tablette n'est pas encore inscrite.": "This tablet is not enrolled yet.",
    "Cette tablette n'est pas encore inscrite : les saisies restent sur la tablette jusqu'à l'inscription.":
        "This tablet is not enrolled yet: entries stay on the tablet until it is enrolled.",
    "Cette version de l'application est trop ancienne pour le serveur.":
        "This version of the app is too old for the server.",
    "Chaque tablette compte les entrées à sa porte ; le total additionne toutes les tablettes à chaque synchronisation. Avant de créer un compteur, synchronisez : une autre tablette l'a peut-être déjà créé.":
        "Each tablet counts the people coming through its door; the total adds up every tablet at each sync. Sync before creating a counter: another tablet may already have created it.",
    "Choisir…": "Choose…",
    "Choisissez le type d'acteur.": "Choose the type of actor.",
    "Choisissez un code de %1 à %2 chiffres pour déverrouiller la borne":
        "Choose a %1 to %2 digit code to unlock the kiosk",
    "Code : %1": "Code: %1",
    "Code d'inscription": "Enrolment code",
    "Code de l'animateur": "Facilitator's code",
    "Code incorrect.": "Wrong code.",
    "Compris": "OK",
    "Comptage": "Head count",
    "Consentement": "Consent",
    "Contactez l'équipe centrale : la tablette doit être réinscrite avec un nouveau code.":
        "Contact the central team: the tablet must be enrolled again with a new code.",
    "Contribution (n'écrivez aucun nom)": "Contribution (write no names)",
    "Contributions": "Contributions",
    "Corrigez la date et l'heure dans les réglages de la tablette (réglage automatique), puis synchronisez.":
        "Correct the date and time in the tablet's settings (automatic setting), then sync.",
    "Créer la rencontre": "Create the meeting",
    "Cycle « %1 »": "Cycle “%1”",
    "Date (JJ/MM/AAAA)": "Date (DD/MM/YYYY)",
    "Dernier échange : %1 envoyé(s), %2 accepté(s), %3 reçu(s).":
        "Last exchange: %1 sent, %2 accepted, %3 received.",
    "Dernière synchronisation réussie : %1": "Last successful sync: %1",
    "Des saisies ont été mises de côté par le serveur pour vérification.":
        "Some entries were set aside by the server for review.",
    "Deux tablettes ont modifié la même information. La valeur retenue s'applique déjà ; l'autre est conservée ici. Choisissez celle à garder.":
        "Two tablets changed the same information. The value kept already applies; the other one is kept here. Choose the one to keep.",
    "Deux tablettes ont saisi des valeurs différentes pour « %1 ».":
        "Two tablets entered different values for “%1”.",
    "Donnée personnelle masquée : à consulter dans l'émargement":
        "Personal data hidden: see it in the attendance screen",
    "Données générales": "General data",
    "Dont personnes concernées : %1": "Of whom people concerned: %1",
    "Démarrer le mode borne": "Start kiosk mode",
    "Département": "Department",
    "Départements concernés (facultatif : toute la région si aucun)":
        "Departments covered (optional: the whole region if none)",
    "Effacer la recherche": "Clear the search",
    "Effacer un chiffre": "Delete one digit",
    "En attente d'envoi": "Waiting to be sent",
    "En conflit": "In conflict",
    "Enregistrer": "Save",
    "Enregistrer et suivant": "Save and next",
    "Enregistrer l'évaluation": "Save the evaluation",
    "Enregistrer une arrivée": "Check someone in",
    "Envoi au serveur…": "Sending to the server…",
    "Envoyer mes réponses": "Send my answers",
    "Envoyé, réponse attendue": "Sent, awaiting answer",
    "Ex. : Camille Martin": "E.g. Camille Martin",
    "Ex. : MDPH du Finistère": "E.g. MDPH du Finistère",
    "Ex. : Rencontre territoriale Bretagne 2024": "E.g. Rencontre territoriale Bretagne 2024",
    "Format": "Format",
    "Garder : %1": "Keep: %1",
    "Garder cette valeur": "Keep this value",
    "Heure de début (HH:MM)": "Start time (HH:MM)",
    "Idée ou proposition issue de l'atelier…": "Idea or proposal from the workshop…",
    "Il a peut-être été supprimé depuis une autre tablette. Synchronisez pour mettre à jour la liste.":
        "It may have been deleted from another tablet. Sync to update the list.",
    "Il reste des questions obligatoires (*) sans réponse.":
        "Some required questions (*) are not answered yet.",
    "Indiquez l'intitulé de la rencontre.": "Enter the meeting's title.",
    "Indiquez le nom de l'évaluateur.": "Enter the evaluator's name.",
    "Inscription de la tablette": "Tablet enrolment",
    "Inscription en cours…": "Enrolling…",
    "Inscrire la tablette": "Enrol the tablet",
    "Intitulé": "Title",
    "Jamais": "Never",
    "L'adresse ne correspond pas à un serveur Terrain.": "This address is not a Terrain server.",
    "L'horloge de la tablette est en avance.": "The tablet's clock is ahead.",
    "La date ou l'heure n'est pas valable (JJ/MM/AAAA et HH:MM).":
        "The date or time is not valid (DD/MM/YYYY and HH:MM).",
    "La personne accepte que son nom et ses informations figurent sur la liste d'émargement, utilisée par la CNSA et les organisateurs.":
        "The person agrees that their name and details appear on the attendance list, used by the CNSA and the organisers.",
    "La saisie est incomplète ou invalide.": "The entry is incomplete or invalid.",
    "La saisie est trop longue.": "The entry is too long.",
    "La tablette est inscrite.": "The tablet is enrolled.",
    "La tablette n'a pas pu enregistrer.": "The tablet could not save.",
    "Le certificat du serveur n'est pas reconnu : la connexion n'est pas sûre.":
        "The server's certificate is not recognised: the connection is not safe.",
    "Le code doit compter au moins %1 chiffres.": "The code must have at least %1 digits.",
    "Le questionnaire est anonyme. En mode borne, chaque participant remplit le questionnaire sur cette tablette, puis un écran de remerciement verrouillé s'affiche. Pour le déverrouiller, maintenez le doigt sur l'écran puis saisissez votre code.":
        "The questionnaire is anonymous. In kiosk mode, each participant fills in the questionnaire on this tablet, then a locked thank-you screen shows. To unlock it, hold your finger on the screen, then enter your code.",
    "Le serveur a refusé la demande.": "The server refused the request.",
    "Le serveur a rencontré un problème.": "The server ran into a problem.",
    "Le serveur a été restauré depuis une sauvegarde.": "The server was restored from a backup.",
    "Le serveur est injoignable.": "The server cannot be reached.",
    "Le serveur ne reconnaît pas cette tablette.": "The server does not recognise this tablet.",
    "Les deux codes diffèrent. Recommencez.": "The two codes differ. Start again.",
    "Lieu (facultatif)": "Venue (optional)",
    "Merci de répondre à cette question.": "Please answer this question.",
    "Merci pour votre participation !": "Thank you for taking part!",
    "Mettez à jour l'application Terrain, puis synchronisez.": "Update the Terrain app, then sync.",
    "Mettre à jour l'évaluation": "Update the evaluation",
    "Mis de côté pour vérification": "Set aside for review",
    "Modifier la présence": "Edit attendance",
    "Motif : %1": "Reason: %1",
    "National": "National",
    "Nom du compteur, ex. : Plénière": "Counter name, e.g. Plenary",
    "Nom et prénom": "Full name",
    "Nom non enregistré sans consentement": "No name is recorded without consent",
    "Nom non recueilli": "Name not collected",
    "Non": "No",
    "Non inscrit": "Not enrolled",
    "Non précisé": "Not specified",
    "Nouvelle rencontre": "New meeting",
    "Organisme": "Organisation",
    "Oui": "Yes",
    "Ouvrez l'écran d'inscription et saisissez le code fourni par la CNSA.":
        "Open the enrolment screen and enter the code given by the CNSA.",
    "Participant sans nom": "Participant without a name",
    "Participant suivant": "Next participant",
    "Patientez quelques minutes, puis réessayez.": "Wait a few minutes, then try again.",
    "Personne concernée ou représentant": "Person concerned or representative",
    "Personne n'est encore enregistré. Touchez « Enregistrer une arrivée » pour commencer.":
        "Nobody is checked in yet. Tap “Check someone in” to start.",
    "Plénière": "Plenary",
    "Pour utiliser cette tablette, inscrivez-la une fois auprès du serveur de la CNSA avec le code d'inscription qui vous a été remis. Une connexion est nécessaire pour cette étape seulement : ensuite, tout fonctionne sans réseau.":
        "To use this tablet, enrol it once with the CNSA's server using the enrolment code you were given. A connection is needed for this step only: afterwards, everything works without a network.",
    "Principes d'action": "Action principles",
    "Priorité %1": "Priority %1",
    "Priorités stratégiques": "Strategic priorities",
    "Préparation des saisies…": "Preparing entries…",
    "Périmètre": "Scope",
    "Questionnaire": "Questionnaire",
    "Quitter le mode borne": "Leave kiosk mode",
    "Raccourcissez le texte, puis enregistrez.": "Shorten the text, then save.",
    "Rechercher un nom…": "Search a name…",
    "Rencontre": "Meeting",
    "Rencontre nationale": "National meeting",
    "Rencontres": "Meetings",
    "Rendez la tablette à la CNSA ou contactez l'équipe centrale pour la réinscrire.":
        "Return the tablet to the CNSA or contact the central team to enrol it again.",
    "Retirer une personne": "Remove one person",
    "Retirer une personne concernée": "Remove one person concerned",
    "Retour": "Back",
    "Reçu par le serveur": "Received by the server",
    "Rien n'attend d'être envoyé.": "Nothing is waiting to be sent.",
    "Rien n'est perdu : l'équipe centrale va les examiner.":
        "Nothing is lost: the central team will review them.",
    "Réception des mises à jour…": "Receiving updates…",
    "Réessayez plus tard. Vos saisies restent sur la tablette.":
        "Try again later. Your entries stay on the tablet.",
    "Réessayez. Si le problème persiste, contactez le support en indiquant le code affiché.":
        "Try again. If the problem persists, contact support and give the code shown.",
    "Région": "Region",
    "Réservé à l'animateur : maintenir pour déverrouiller": "For the facilitator: hold to unlock",
    "Rôle": "Role",
    "Rôle dans la rencontre": "Role at the meeting",
    "Saisies en attente": "Entries waiting",
    "Saisissez le code une seconde fois": "Enter the code a second time",
    "Saisissez ou collez le code": "Type or paste the code",
    "Sans atelier": "No workshop",
    "Satisfaction": "Satisfaction",
    "Serveur": "Server",
    "Serveur : %1": "Server: %1",
    "Serveur injoignable pour l'instant : les saisies restent sur la tablette":
        "Server not reachable for now: entries stay on the tablet",
    "Serveur joignable": "Server reachable",
    "Supprimer": "Delete",
    "Synchronisation": "Sync",
    "Synchronisation : %1": "Sync: %1",
    "Synchronisation…": "Syncing…",
    "Synchroniser maintenant": "Sync now",
    "Synchronisez à nouveau : la tablette renverra ce qui manque au serveur.":
        "Sync again: the tablet will resend what the server is missing.",
    "Synchronisez, puis consultez les conflits dans l'écran Synchronisation.":
        "Sync, then review the conflicts in the Sync screen.",
    "Terminé": "Done",
    "Terrain": "Terrain",
    "Tout est envoyé": "Everything is sent",
    "Toutes les rencontres": "All meetings",
    "Trop de tentatives en peu de temps.": "Too many attempts in a short time.",
    "Type d'acteur": "Type of actor",
    "Type de rencontre": "Type of meeting",
    "Une erreur inattendue s'est produite.": "An unexpected error occurred.",
    "Valeur retenue": "Value kept",
    "Valeurs partagées": "Shared values",
    "Valider": "Confirm",
    "Voir les rencontres": "See the meetings",
    "Vos réponses sont enregistrées. Merci de rendre la tablette à l'animateur.":
        "Your answers are saved. Please hand the tablet back to the facilitator.",
    "Votre nom": "Your name",
    "Votre réponse…": "Your answer…",
    "Vérifiez l'adresse du serveur (elle commence par https://). Si elle est correcte, contactez le support : n'utilisez pas un autre réseau non sécurisé.":
        "Check the server address (it starts with https://). If it is correct, contact support: do not use another unsecured network.",
    "Vérifiez l'adresse du serveur.": "Check the server address.",
    "Vérifiez l'espace de stockage libre, puis réessayez.": "Check the free storage space, then try again.",
    "Vérifiez la connexion (Wi-Fi ou 4G) et l'adresse du serveur, puis réessayez.":
        "Check the connection (Wi-Fi or 4G) and the server address, then try again.",
    "Vérifiez la connexion (Wi-Fi ou 4G). Vos saisies restent sur la tablette : la synchronisation reprendra dès que le serveur répondra.":
        "Check the connection (Wi-Fi or 4G). Your entries stay on the tablet: sync will resume as soon as the server answers.",
    "Vérifiez la réunion choisie, ou demandez à l'équipe centrale d'élargir le périmètre.":
        "Check the chosen meeting, or ask the central team to widen the scope.",
    "Vérifiez le code saisi (quatre groupes de quatre caractères) et l'adresse du serveur, ou demandez un nouveau code à l'équipe centrale de la CNSA.":
        "Check the code you typed (four groups of four characters) and the server address, or ask the CNSA's central team for a new code.",
    "Vérifiez les champs obligatoires, puis enregistrez à nouveau.":
        "Check the required fields, then save again.",
    "le %1 à %2": "on %1 at %2",
    "À jour": "Up to date",
    "À préparer": "To prepare",
    "Émargement": "Attendance",
    "Évaluateur": "Evaluator",
    "Évaluation": "Evaluation",
    "Évaluation enregistrée.": "Evaluation saved.",
    # The meeting's header: status and details (MeetingPage, MeetingDialog).
    "Modifier": "Edit",
    "Modifier la rencontre": "Edit the meeting",
    "Démarrer la rencontre": "Start the meeting",
    "Clore la rencontre": "Close the meeting",
    "Rouvrir la rencontre": "Reopen the meeting",
    "Rétablir la rencontre": "Restore the meeting",
    "Annuler la rencontre…": "Cancel the meeting…",
    "Annuler cette rencontre ?": "Cancel this meeting?",
    "La rencontre sera marquée « Annulée » : elle ne comptera plus parmi les rencontres tenues. Les présences, comptages, contributions et réponses déjà saisis sont conservés. Vous pourrez la rétablir.":
        "The meeting will be marked “Cancelled”: it will no longer count among the meetings held. Attendance, head counts, contributions and answers already entered are kept. You can restore it.",
    "Oui, annuler la rencontre": "Yes, cancel the meeting",
    "Non, garder la rencontre": "No, keep the meeting",
    # The tablet's clock corrected by enrolment or a sync (ClockNotice, error_text).
    "L'horloge de la tablette était en avance de %1 ; elle a été corrigée pour la synchronisation.":
        "The tablet's clock was %1 ahead; it has been corrected for syncing.",
    "L'horloge de la tablette était en retard de %1 ; elle a été corrigée pour la synchronisation.":
        "The tablet's clock was %1 behind; it has been corrected for syncing.",
    "Rien n'est perdu. Pour éviter que cela se reproduise, activez la date et l'heure automatiques dans les réglages de la tablette.":
        "Nothing is lost. To keep it from happening again, turn on automatic date and time in the tablet's settings.",
    "L'horloge de la tablette est trop décalée par rapport à celle du serveur.":
        "The tablet's clock is too far from the server's.",
    "Synchronisez à nouveau : la tablette a appris l'heure du serveur. Si le message revient, activez la date et l'heure automatiques dans les réglages de la tablette.":
        "Sync again: the tablet has learned the server's time. If this message comes back, turn on automatic date and time in the tablet's settings.",
    # Plurals: (singular, plural)
    "%n jour(s)": ("%n day", "%n days"),
    "%n heure(s)": ("%n hour", "%n hours"),
    "%n minute(s)": ("%n minute", "%n minutes"),
    "%n seconde(s)": ("%n second", "%n seconds"),
    "%n arrivée(s) enregistrée(s) à la suite.": ("%n person checked in in a row.", "%n people checked in in a row."),
    "%n choix au plus": ("%n choice at most", "%n choices at most"),
    "%n conflit(s)": ("%n conflict", "%n conflicts"),
    "%n conflit(s) à examiner": ("%n conflict to review", "%n conflicts to review"),
    "%n contribution(s)": ("%n contribution", "%n contributions"),
    "%n envoi(s) en attente": ("%n change set waiting", "%n change sets waiting"),
    "%n modification(s)": ("%n change", "%n changes"),
    "%n présent(s)": ("%n present", "%n present"),
    "%n rencontre(s)": ("%n meeting", "%n meetings"),
    "%n rencontre(s) désignée(s)": ("%n named meeting", "%n named meetings"),
    "%n réponse(s) recueillie(s)": ("%n answer collected", "%n answers collected"),
}


def french_forms(source):
    singular = re.sub(r"\(s\)", "", source)
    plural = re.sub(r"\(s\)", "s", source)
    return singular, plural


def fill(path, translate):
    tree = ET.parse(path)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.find("source").text
        translation = message.find("translation")
        numerus = message.get("numerus") == "yes"
        value = translate(source, numerus)
        if value is None:
            if translate is translate_en:
                missing.append(source)
            continue
        translation.attrib.pop("type", None)
        for child in list(translation):
            translation.remove(child)
        if numerus:
            translation.text = None
            for form in value:
                ET.SubElement(translation, "numerusform").text = form
        else:
            translation.text = value
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return missing


def translate_en(source, numerus):
    value = EN.get(source)
    if value is None:
        return None
    if numerus != isinstance(value, tuple):
        return None
    return value


def translate_fr(source, numerus):
    return french_forms(source) if numerus else None


if __name__ == "__main__":
    fill(HERE / "terrain-field_fr.ts", translate_fr)
    missing = fill(HERE / "terrain-field_en.ts", translate_en)
    if missing:
        print("No English for:\n  " + "\n  ".join(missing))
        sys.exit(1)
    print("translations filled")
