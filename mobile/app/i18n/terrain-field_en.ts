<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB" sourcelanguage="fr_FR">
<context>
    <name>AttendanceTab</name>
    <message numerus="yes">
        <source>%n présent(s)</source>
        <translation><numerusform>%n present</numerusform><numerusform>%n present</numerusform></translation>
    </message>
    <message>
        <source>Rechercher un nom…</source>
        <translation>Search a name…</translation>
    </message>
    <message>
        <source>Effacer la recherche</source>
        <translation>Clear the search</translation>
    </message>
    <message>
        <source>+ Enregistrer une arrivée</source>
        <translation>+ Check someone in</translation>
    </message>
    <message>
        <source>Aucun participant ne correspond à « %1 ».</source>
        <translation>No participant matches “%1”.</translation>
    </message>
    <message>
        <source>Personne n'est encore enregistré. Touchez « Enregistrer une arrivée » pour commencer.</source>
        <translation>Nobody is checked in yet. Tap “Check someone in” to start.</translation>
    </message>
    <message>
        <source>Participant sans nom</source>
        <translation>Participant without a name</translation>
    </message>
    <message>
        <source>Nom non recueilli</source>
        <translation>Name not collected</translation>
    </message>
</context>
<context>
    <name>ChoiceField</name>
    <message>
        <source>Choisir…</source>
        <translation>Choose…</translation>
    </message>
</context>
<context>
    <name>ClockNotice</name>
    <message numerus="yes">
        <source>%n jour(s)</source>
        <translation><numerusform>%n day</numerusform><numerusform>%n days</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n heure(s)</source>
        <translation><numerusform>%n hour</numerusform><numerusform>%n hours</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation><numerusform>%n minute</numerusform><numerusform>%n minutes</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n seconde(s)</source>
        <translation><numerusform>%n second</numerusform><numerusform>%n seconds</numerusform></translation>
    </message>
    <message>
        <source>L'horloge de la tablette était en avance de %1 ; elle a été corrigée pour la synchronisation.</source>
        <translation>The tablet's clock was %1 ahead; it has been corrected for syncing.</translation>
    </message>
    <message>
        <source>L'horloge de la tablette était en retard de %1 ; elle a été corrigée pour la synchronisation.</source>
        <translation>The tablet's clock was %1 behind; it has been corrected for syncing.</translation>
    </message>
    <message>
        <source>Rien n'est perdu. Pour éviter que cela se reproduise, activez la date et l'heure automatiques dans les réglages de la tablette.</source>
        <translation>Nothing is lost. To keep it from happening again, turn on automatic date and time in the tablet's settings.</translation>
    </message>
</context>
<context>
    <name>ContributionsTab</name>
    <message>
        <source>Atelier</source>
        <translation>Workshop</translation>
    </message>
    <message>
        <source>Sans atelier</source>
        <translation>No workshop</translation>
    </message>
    <message>
        <source>Contribution (n'écrivez aucun nom)</source>
        <translation>Contribution (write no names)</translation>
    </message>
    <message>
        <source>Idée ou proposition issue de l'atelier…</source>
        <translation>Idea or proposal from the workshop…</translation>
    </message>
    <message>
        <source>Principes d'action</source>
        <translation>Action principles</translation>
    </message>
    <message>
        <source>Valeurs partagées</source>
        <translation>Shared values</translation>
    </message>
    <message>
        <source>Priorités stratégiques</source>
        <translation>Strategic priorities</translation>
    </message>
    <message>
        <source>Ajouter la contribution</source>
        <translation>Add the contribution</translation>
    </message>
    <message numerus="yes">
        <source>%n contribution(s)</source>
        <translation><numerusform>%n contribution</numerusform><numerusform>%n contributions</numerusform></translation>
    </message>
    <message>
        <source>Priorité %1</source>
        <translation>Priority %1</translation>
    </message>
    <message>
        <source>Supprimer</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>EnrolmentPage</name>
    <message>
        <source>Inscription de la tablette</source>
        <translation>Tablet enrolment</translation>
    </message>
    <message>
        <source>Bienvenue dans Terrain</source>
        <translation>Welcome to Terrain</translation>
    </message>
    <message>
        <source>Pour utiliser cette tablette, inscrivez-la une fois auprès du serveur de la CNSA avec le code d'inscription qui vous a été remis. Une connexion est nécessaire pour cette étape seulement : ensuite, tout fonctionne sans réseau.</source>
        <translation>To use this tablet, enrol it once with the CNSA's server using the enrolment code you were given. A connection is needed for this step only: afterwards, everything works without a network.</translation>
    </message>
    <message>
        <source>Adresse du serveur</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>Code d'inscription</source>
        <translation>Enrolment code</translation>
    </message>
    <message>
        <source>Saisissez ou collez le code</source>
        <translation>Type or paste the code</translation>
    </message>
    <message>
        <source>Inscription en cours…</source>
        <translation>Enrolling…</translation>
    </message>
    <message>
        <source>Inscrire la tablette</source>
        <translation>Enrol the tablet</translation>
    </message>
    <message>
        <source>La tablette est inscrite.</source>
        <translation>The tablet is enrolled.</translation>
    </message>
    <message>
        <source>Rôle</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Périmètre</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>Serveur</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Voir les rencontres</source>
        <translation>See the meetings</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Code : %1</source>
        <translation>Code: %1</translation>
    </message>
</context>
<context>
    <name>EvaluationTab</name>
    <message>
        <source>Indiquez le nom de l'évaluateur.</source>
        <translation>Enter the evaluator's name.</translation>
    </message>
    <message>
        <source>Il reste des questions obligatoires (*) sans réponse.</source>
        <translation>Some required questions (*) are not answered yet.</translation>
    </message>
    <message>
        <source>Évaluation enregistrée.</source>
        <translation>Evaluation saved.</translation>
    </message>
    <message>
        <source>Aucune grille d'évaluation n'est disponible. Synchronisez la tablette.</source>
        <translation>No evaluation grid is available. Sync the tablet.</translation>
    </message>
    <message>
        <source>Évaluateur</source>
        <translation>Evaluator</translation>
    </message>
    <message>
        <source>Votre nom</source>
        <translation>Your name</translation>
    </message>
    <message>
        <source>Mettre à jour l'évaluation</source>
        <translation>Update the evaluation</translation>
    </message>
    <message>
        <source>Enregistrer l'évaluation</source>
        <translation>Save the evaluation</translation>
    </message>
</context>
<context>
    <name>FeedbackTab</name>
    <message>
        <source>Code incorrect.</source>
        <translation>Wrong code.</translation>
    </message>
    <message numerus="yes">
        <source>%n réponse(s) recueillie(s)</source>
        <translation><numerusform>%n answer collected</numerusform><numerusform>%n answers collected</numerusform></translation>
    </message>
    <message>
        <source>Le questionnaire est anonyme. En mode borne, chaque participant remplit le questionnaire sur cette tablette, puis un écran de remerciement verrouillé s'affiche. Pour le déverrouiller, maintenez le doigt sur l'écran puis saisissez votre code.</source>
        <translation>The questionnaire is anonymous. In kiosk mode, each participant fills in the questionnaire on this tablet, then a locked thank-you screen shows. To unlock it, hold your finger on the screen, then enter your code.</translation>
    </message>
    <message>
        <source>Questionnaire</source>
        <translation>Questionnaire</translation>
    </message>
    <message>
        <source>Aucun questionnaire de satisfaction n'est disponible. Synchronisez la tablette.</source>
        <translation>No satisfaction questionnaire is available. Sync the tablet.</translation>
    </message>
    <message>
        <source>Démarrer le mode borne</source>
        <translation>Start kiosk mode</translation>
    </message>
    <message>
        <source>Choisissez un code de %1 à %2 chiffres pour déverrouiller la borne</source>
        <translation>Choose a %1 to %2 digit code to unlock the kiosk</translation>
    </message>
    <message>
        <source>Saisissez le code une seconde fois</source>
        <translation>Enter the code a second time</translation>
    </message>
    <message>
        <source>Le code doit compter au moins %1 chiffres.</source>
        <translation>The code must have at least %1 digits.</translation>
    </message>
    <message>
        <source>Les deux codes diffèrent. Recommencez.</source>
        <translation>The two codes differ. Start again.</translation>
    </message>
    <message>
        <source>Réservé à l'animateur : maintenir pour déverrouiller</source>
        <translation>For the facilitator: hold to unlock</translation>
    </message>
    <message>
        <source>Ce questionnaire est anonyme : vos réponses ne sont pas reliées à votre nom.</source>
        <translation>This questionnaire is anonymous: your answers are not linked to your name.</translation>
    </message>
    <message>
        <source>Il reste des questions obligatoires (*) sans réponse.</source>
        <translation>Some required questions (*) are not answered yet.</translation>
    </message>
    <message>
        <source>Envoyer mes réponses</source>
        <translation>Send my answers</translation>
    </message>
    <message>
        <source>Merci pour votre participation !</source>
        <translation>Thank you for taking part!</translation>
    </message>
    <message>
        <source>Vos réponses sont enregistrées. Merci de rendre la tablette à l'animateur.</source>
        <translation>Your answers are saved. Please hand the tablet back to the facilitator.</translation>
    </message>
    <message>
        <source>Code de l'animateur</source>
        <translation>Facilitator's code</translation>
    </message>
    <message>
        <source>Participant suivant</source>
        <translation>Next participant</translation>
    </message>
    <message>
        <source>Quitter le mode borne</source>
        <translation>Leave kiosk mode</translation>
    </message>
</context>
<context>
    <name>HeadcountTab</name>
    <message>
        <source>Chaque tablette compte les entrées à sa porte ; le total additionne toutes les tablettes à chaque synchronisation. Avant de créer un compteur, synchronisez : une autre tablette l'a peut-être déjà créé.</source>
        <translation>Each tablet counts the people coming through its door; the total adds up every tablet at each sync. Sync before creating a counter: another tablet may already have created it.</translation>
    </message>
    <message>
        <source>Nom du compteur, ex. : Plénière</source>
        <translation>Counter name, e.g. Plenary</translation>
    </message>
    <message>
        <source>Plénière</source>
        <translation>Plenary</translation>
    </message>
    <message>
        <source>+ Ajouter un compteur</source>
        <translation>+ Add a counter</translation>
    </message>
    <message>
        <source>Retirer une personne</source>
        <translation>Remove one person</translation>
    </message>
    <message>
        <source>%1 personnes</source>
        <translation>%1 people</translation>
    </message>
    <message>
        <source>Ajouter une personne</source>
        <translation>Add one person</translation>
    </message>
    <message>
        <source>Dont personnes concernées : %1</source>
        <translation>Of whom people concerned: %1</translation>
    </message>
    <message>
        <source>Retirer une personne concernée</source>
        <translation>Remove one person concerned</translation>
    </message>
    <message>
        <source>Ajouter une personne concernée</source>
        <translation>Add one person concerned</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Terrain</source>
        <translation>Terrain</translation>
    </message>
    <message>
        <source>Retour</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Synchronisation…</source>
        <translation>Syncing…</translation>
    </message>
    <message numerus="yes">
        <source>%n envoi(s) en attente</source>
        <translation><numerusform>%n change set waiting</numerusform><numerusform>%n change sets waiting</numerusform></translation>
    </message>
    <message>
        <source>À jour</source>
        <translation>Up to date</translation>
    </message>
    <message>
        <source>Synchronisation : %1</source>
        <translation>Sync: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n conflit(s)</source>
        <translation><numerusform>%n conflict</numerusform><numerusform>%n conflicts</numerusform></translation>
    </message>
    <message>
        <source>Compris</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>MeetingDialog</name>
    <message>
        <source>Nouvelle rencontre</source>
        <translation>New meeting</translation>
    </message>
    <message>
        <source>Indiquez l'intitulé de la rencontre.</source>
        <translation>Enter the meeting's title.</translation>
    </message>
    <message>
        <source>La date ou l'heure n'est pas valable (JJ/MM/AAAA et HH:MM).</source>
        <translation>The date or time is not valid (DD/MM/YYYY and HH:MM).</translation>
    </message>
    <message>
        <source>Intitulé</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Ex. : Rencontre territoriale Bretagne 2024</source>
        <translation>E.g. Rencontre territoriale Bretagne 2024</translation>
    </message>
    <message>
        <source>Type de rencontre</source>
        <translation>Type of meeting</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Date (JJ/MM/AAAA)</source>
        <translation>Date (DD/MM/YYYY)</translation>
    </message>
    <message>
        <source>Heure de début (HH:MM)</source>
        <translation>Start time (HH:MM)</translation>
    </message>
    <message>
        <source>Région</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Rencontre nationale</source>
        <translation>National meeting</translation>
    </message>
    <message>
        <source>Lieu (facultatif)</source>
        <translation>Venue (optional)</translation>
    </message>
    <message>
        <source>Départements concernés (facultatif : toute la région si aucun)</source>
        <translation>Departments covered (optional: the whole region if none)</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Créer la rencontre</source>
        <translation>Create the meeting</translation>
    </message>
    <message>
        <source>Modifier la rencontre</source>
        <translation>Edit the meeting</translation>
    </message>
    <message>
        <source>Enregistrer</source>
        <translation>Save</translation>
    </message>
</context>
<context>
    <name>MeetingPage</name>
    <message>
        <source>Rencontre</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <source>National</source>
        <translation>National</translation>
    </message>
    <message>
        <source>Émargement</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <source>Comptage</source>
        <translation>Head count</translation>
    </message>
    <message>
        <source>Contributions</source>
        <translation>Contributions</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <source>Évaluation</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <source>Modifier</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Modifier la rencontre</source>
        <translation>Edit the meeting</translation>
    </message>
    <message>
        <source>Démarrer la rencontre</source>
        <translation>Start the meeting</translation>
    </message>
    <message>
        <source>Clore la rencontre</source>
        <translation>Close the meeting</translation>
    </message>
    <message>
        <source>Rouvrir la rencontre</source>
        <translation>Reopen the meeting</translation>
    </message>
    <message>
        <source>Rétablir la rencontre</source>
        <translation>Restore the meeting</translation>
    </message>
    <message>
        <source>Annuler la rencontre…</source>
        <translation>Cancel the meeting…</translation>
    </message>
    <message>
        <source>Annuler cette rencontre ?</source>
        <translation>Cancel this meeting?</translation>
    </message>
    <message>
        <source>La rencontre sera marquée « Annulée » : elle ne comptera plus parmi les rencontres tenues. Les présences, comptages, contributions et réponses déjà saisis sont conservés. Vous pourrez la rétablir.</source>
        <translation>The meeting will be marked “Cancelled”: it will no longer count among the meetings held. Attendance, head counts, contributions and answers already entered are kept. You can restore it.</translation>
    </message>
    <message>
        <source>Oui, annuler la rencontre</source>
        <translation>Yes, cancel the meeting</translation>
    </message>
    <message>
        <source>Non, garder la rencontre</source>
        <translation>No, keep the meeting</translation>
    </message>
</context>
<context>
    <name>MeetingsPage</name>
    <message>
        <source>Rencontres</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <source>National</source>
        <translation>National</translation>
    </message>
    <message numerus="yes">
        <source>%n rencontre(s)</source>
        <translation><numerusform>%n meeting</numerusform><numerusform>%n meetings</numerusform></translation>
    </message>
    <message>
        <source>+ Nouvelle rencontre</source>
        <translation>+ New meeting</translation>
    </message>
    <message>
        <source>Aucune rencontre pour l'instant. Synchronisez pour recevoir les rencontres de votre périmètre, ou créez-en une.</source>
        <translation>No meetings yet. Sync to receive the meetings in your scope, or create one.</translation>
    </message>
</context>
<context>
    <name>ParticipantDialog</name>
    <message>
        <source>Modifier la présence</source>
        <translation>Edit attendance</translation>
    </message>
    <message>
        <source>Enregistrer une arrivée</source>
        <translation>Check someone in</translation>
    </message>
    <message>
        <source>Choisissez le type d'acteur.</source>
        <translation>Choose the type of actor.</translation>
    </message>
    <message>
        <source>Nom et prénom</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Ex. : Camille Martin</source>
        <translation>E.g. Camille Martin</translation>
    </message>
    <message>
        <source>Nom non enregistré sans consentement</source>
        <translation>No name is recorded without consent</translation>
    </message>
    <message>
        <source>Consentement</source>
        <translation>Consent</translation>
    </message>
    <message>
        <source>Oui</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Non</source>
        <translation>No</translation>
    </message>
    <message>
        <source>La personne accepte que son nom et ses informations figurent sur la liste d'émargement, utilisée par la CNSA et les organisateurs.</source>
        <translation>The person agrees that their name and details appear on the attendance list, used by the CNSA and the organisers.</translation>
    </message>
    <message>
        <source>Type d'acteur</source>
        <translation>Type of actor</translation>
    </message>
    <message>
        <source>Organisme</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Ex. : MDPH du Finistère</source>
        <translation>E.g. MDPH du Finistère</translation>
    </message>
    <message>
        <source>Département</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Non précisé</source>
        <translation>Not specified</translation>
    </message>
    <message>
        <source>Rôle dans la rencontre</source>
        <translation>Role at the meeting</translation>
    </message>
    <message>
        <source>Personne concernée ou représentant</source>
        <translation>Person concerned or representative</translation>
    </message>
    <message>
        <source>Deux tablettes ont saisi des valeurs différentes pour « %1 ».</source>
        <translation>Two tablets entered different values for “%1”.</translation>
    </message>
    <message>
        <source>Garder : %1</source>
        <translation>Keep: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n arrivée(s) enregistrée(s) à la suite.</source>
        <translation><numerusform>%n person checked in in a row.</numerusform><numerusform>%n people checked in in a row.</numerusform></translation>
    </message>
    <message>
        <source>Supprimer</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Enregistrer et suivant</source>
        <translation>Save and next</translation>
    </message>
    <message>
        <source>Enregistrer</source>
        <translation>Save</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Valider</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Effacer un chiffre</source>
        <translation>Delete one digit</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>QuestionnaireForm</name>
    <message>
        <source>Merci de répondre à cette question.</source>
        <translation>Please answer this question.</translation>
    </message>
    <message numerus="yes">
        <source>%n choix au plus</source>
        <translation><numerusform>%n choice at most</numerusform><numerusform>%n choices at most</numerusform></translation>
    </message>
    <message>
        <source>Oui</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Non</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Votre réponse…</source>
        <translation>Your answer…</translation>
    </message>
</context>
<context>
    <name>RoleText</name>
    <message>
        <source>Animateur</source>
        <translation>Facilitator</translation>
    </message>
    <message>
        <source>Évaluateur</source>
        <translation>Evaluator</translation>
    </message>
    <message>
        <source>Administrateur</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Non inscrit</source>
        <translation>Not enrolled</translation>
    </message>
    <message>
        <source>Aucun</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Cycle « %1 »</source>
        <translation>Cycle “%1”</translation>
    </message>
    <message numerus="yes">
        <source>%n rencontre(s) désignée(s)</source>
        <translation><numerusform>%n named meeting</numerusform><numerusform>%n named meetings</numerusform></translation>
    </message>
    <message>
        <source>Toutes les rencontres</source>
        <translation>All meetings</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Synchronisation</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>À préparer</source>
        <translation>To prepare</translation>
    </message>
    <message>
        <source>En attente d'envoi</source>
        <translation>Waiting to be sent</translation>
    </message>
    <message>
        <source>Envoyé, réponse attendue</source>
        <translation>Sent, awaiting answer</translation>
    </message>
    <message>
        <source>Reçu par le serveur</source>
        <translation>Received by the server</translation>
    </message>
    <message>
        <source>Mis de côté pour vérification</source>
        <translation>Set aside for review</translation>
    </message>
    <message>
        <source>En conflit</source>
        <translation>In conflict</translation>
    </message>
    <message>
        <source>Préparation des saisies…</source>
        <translation>Preparing entries…</translation>
    </message>
    <message>
        <source>Envoi au serveur…</source>
        <translation>Sending to the server…</translation>
    </message>
    <message>
        <source>Réception des mises à jour…</source>
        <translation>Receiving updates…</translation>
    </message>
    <message>
        <source>Terminé</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Jamais</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>le %1 à %2</source>
        <translation>on %1 at %2</translation>
    </message>
    <message>
        <source>Données générales</source>
        <translation>General data</translation>
    </message>
    <message>
        <source>Rencontre</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <source>Donnée personnelle masquée : à consulter dans l'émargement</source>
        <translation>Personal data hidden: see it in the attendance screen</translation>
    </message>
    <message>
        <source>(vide)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>Oui</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Non</source>
        <translation>No</translation>
    </message>
    <message numerus="yes">
        <source>%n envoi(s) en attente</source>
        <translation><numerusform>%n change set waiting</numerusform><numerusform>%n change sets waiting</numerusform></translation>
    </message>
    <message>
        <source>Tout est envoyé</source>
        <translation>Everything is sent</translation>
    </message>
    <message>
        <source>Dernière synchronisation réussie : %1</source>
        <translation>Last successful sync: %1</translation>
    </message>
    <message>
        <source>Serveur joignable</source>
        <translation>Server reachable</translation>
    </message>
    <message>
        <source>Serveur injoignable pour l'instant : les saisies restent sur la tablette</source>
        <translation>Server not reachable for now: entries stay on the tablet</translation>
    </message>
    <message>
        <source>Serveur : %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <source>Synchronisation…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Synchroniser maintenant</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Dernier échange : %1 envoyé(s), %2 accepté(s), %3 reçu(s).</source>
        <translation>Last exchange: %1 sent, %2 accepted, %3 received.</translation>
    </message>
    <message numerus="yes">
        <source>%n conflit(s) à examiner</source>
        <translation><numerusform>%n conflict to review</numerusform><numerusform>%n conflicts to review</numerusform></translation>
    </message>
    <message>
        <source>Aucun conflit</source>
        <translation>No conflicts</translation>
    </message>
    <message>
        <source>Deux tablettes ont modifié la même information. La valeur retenue s'applique déjà ; l'autre est conservée ici. Choisissez celle à garder.</source>
        <translation>Two tablets changed the same information. The value kept already applies; the other one is kept here. Choose the one to keep.</translation>
    </message>
    <message>
        <source>Valeur retenue</source>
        <translation>Value kept</translation>
    </message>
    <message>
        <source>Autre valeur</source>
        <translation>Other value</translation>
    </message>
    <message>
        <source>Garder cette valeur</source>
        <translation>Keep this value</translation>
    </message>
    <message>
        <source>Saisies en attente</source>
        <translation>Entries waiting</translation>
    </message>
    <message>
        <source>Rien n'attend d'être envoyé.</source>
        <translation>Nothing is waiting to be sent.</translation>
    </message>
    <message numerus="yes">
        <source>%n modification(s)</source>
        <translation><numerusform>%n change</numerusform><numerusform>%n changes</numerusform></translation>
    </message>
    <message>
        <source>Motif : %1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <source>Cette tablette n'est pas encore inscrite : les saisies restent sur la tablette jusqu'à l'inscription.</source>
        <translation>This tablet is not enrolled yet: entries stay on the tablet until it is enrolled.</translation>
    </message>
    <message>
        <source>Libéré par la CNSA le %1 : intégré aux données</source>
        <translation>Released by the CNSA on %1: included in the data</translation>
    </message>
    <message>
        <source>Rejeté par la CNSA le %1 : non intégré aux données</source>
        <translation>Rejected by the CNSA on %1: not included in the data</translation>
    </message>
    <message>
        <source>motif : %1</source>
        <translation>reason: %1</translation>
    </message>
</context>
<context>
    <name>terrain::field</name>
    <message>
        <source>Le serveur est injoignable.</source>
        <translation>The server cannot be reached.</translation>
    </message>
    <message>
        <source>Vérifiez la connexion (Wi-Fi ou 4G) et l'adresse du serveur, puis réessayez.</source>
        <translation>Check the connection (Wi-Fi or 4G) and the server address, then try again.</translation>
    </message>
    <message>
        <source>Vérifiez la connexion (Wi-Fi ou 4G). Vos saisies restent sur la tablette : la synchronisation reprendra dès que le serveur répondra.</source>
        <translation>Check the connection (Wi-Fi or 4G). Your entries stay on the tablet: sync will resume as soon as the server answers.</translation>
    </message>
    <message>
        <source>Le certificat du serveur n'est pas reconnu : la connexion n'est pas sûre.</source>
        <translation>The server's certificate is not recognised: the connection is not safe.</translation>
    </message>
    <message>
        <source>Vérifiez l'adresse du serveur (elle commence par https://). Si elle est correcte, contactez le support : n'utilisez pas un autre réseau non sécurisé.</source>
        <translation>Check the server address (it starts with https://). If it is correct, contact support: do not use another unsecured network.</translation>
    </message>
    <message>
        <source>Cette tablette a été révoquée par l'équipe centrale.</source>
        <translation>This tablet has been revoked by the central team.</translation>
    </message>
    <message>
        <source>Rendez la tablette à la CNSA ou contactez l'équipe centrale pour la réinscrire.</source>
        <translation>Return the tablet to the CNSA or contact the central team to enrol it again.</translation>
    </message>
    <message>
        <source>Le serveur ne reconnaît pas cette tablette.</source>
        <translation>The server does not recognise this tablet.</translation>
    </message>
    <message>
        <source>Contactez l'équipe centrale : la tablette doit être réinscrite avec un nouveau code.</source>
        <translation>Contact the central team: the tablet must be enrolled again with a new code.</translation>
    </message>
    <message>
        <source>Cette tablette n'est pas encore inscrite.</source>
        <translation>This tablet is not enrolled yet.</translation>
    </message>
    <message>
        <source>Ouvrez l'écran d'inscription et saisissez le code fourni par la CNSA.</source>
        <translation>Open the enrolment screen and enter the code given by the CNSA.</translation>
    </message>
    <message>
        <source>Trop de tentatives en peu de temps.</source>
        <translation>Too many attempts in a short time.</translation>
    </message>
    <message>
        <source>Patientez quelques minutes, puis réessayez.</source>
        <translation>Wait a few minutes, then try again.</translation>
    </message>
    <message>
        <source>Le serveur a rencontré un problème.</source>
        <translation>The server ran into a problem.</translation>
    </message>
    <message>
        <source>Réessayez plus tard. Vos saisies restent sur la tablette.</source>
        <translation>Try again later. Your entries stay on the tablet.</translation>
    </message>
    <message>
        <source>L'horloge de la tablette est en avance.</source>
        <translation>The tablet's clock is ahead.</translation>
    </message>
    <message>
        <source>Corrigez la date et l'heure dans les réglages de la tablette (réglage automatique), puis synchronisez.</source>
        <translation>Correct the date and time in the tablet's settings (automatic setting), then sync.</translation>
    </message>
    <message>
        <source>Le serveur a été restauré depuis une sauvegarde.</source>
        <translation>The server was restored from a backup.</translation>
    </message>
    <message>
        <source>Synchronisez à nouveau : la tablette renverra ce qui manque au serveur.</source>
        <translation>Sync again: the tablet will resend what the server is missing.</translation>
    </message>
    <message>
        <source>Cette action sort du périmètre confié à la tablette.</source>
        <translation>This action is outside the scope given to this tablet.</translation>
    </message>
    <message>
        <source>Vérifiez la réunion choisie, ou demandez à l'équipe centrale d'élargir le périmètre.</source>
        <translation>Check the chosen meeting, or ask the central team to widen the scope.</translation>
    </message>
    <message>
        <source>Des saisies ont été mises de côté par le serveur pour vérification.</source>
        <translation>Some entries were set aside by the server for review.</translation>
    </message>
    <message>
        <source>Rien n'est perdu : l'équipe centrale va les examiner.</source>
        <translation>Nothing is lost: the central team will review them.</translation>
    </message>
    <message>
        <source>La saisie est incomplète ou invalide.</source>
        <translation>The entry is incomplete or invalid.</translation>
    </message>
    <message>
        <source>Vérifiez les champs obligatoires, puis enregistrez à nouveau.</source>
        <translation>Check the required fields, then save again.</translation>
    </message>
    <message>
        <source>La saisie est trop longue.</source>
        <translation>The entry is too long.</translation>
    </message>
    <message>
        <source>Raccourcissez le texte, puis enregistrez.</source>
        <translation>Shorten the text, then save.</translation>
    </message>
    <message>
        <source>Cet élément est introuvable.</source>
        <translation>This item cannot be found.</translation>
    </message>
    <message>
        <source>Il a peut-être été supprimé depuis une autre tablette. Synchronisez pour mettre à jour la liste.</source>
        <translation>It may have been deleted from another tablet. Sync to update the list.</translation>
    </message>
    <message>
        <source>La tablette n'a pas pu enregistrer.</source>
        <translation>The tablet could not save.</translation>
    </message>
    <message>
        <source>Vérifiez l'espace de stockage libre, puis réessayez.</source>
        <translation>Check the free storage space, then try again.</translation>
    </message>
    <message>
        <source>Cette version de l'application est trop ancienne pour le serveur.</source>
        <translation>This version of the app is too old for the server.</translation>
    </message>
    <message>
        <source>Mettez à jour l'application Terrain, puis synchronisez.</source>
        <translation>Update the Terrain app, then sync.</translation>
    </message>
    <message>
        <source>Cette modification entre en conflit avec une autre.</source>
        <translation>This change conflicts with another one.</translation>
    </message>
    <message>
        <source>Synchronisez, puis consultez les conflits dans l'écran Synchronisation.</source>
        <translation>Sync, then review the conflicts in the Sync screen.</translation>
    </message>
    <message>
        <source>Une erreur inattendue s'est produite.</source>
        <translation>An unexpected error occurred.</translation>
    </message>
    <message>
        <source>Réessayez. Si le problème persiste, contactez le support en indiquant le code affiché.</source>
        <translation>Try again. If the problem persists, contact support and give the code shown.</translation>
    </message>
    <message>
        <source>L'adresse ne correspond pas à un serveur Terrain.</source>
        <translation>This address is not a Terrain server.</translation>
    </message>
    <message>
        <source>Vérifiez l'adresse du serveur.</source>
        <translation>Check the server address.</translation>
    </message>
    <message>
        <source>Le serveur a refusé la demande.</source>
        <translation>The server refused the request.</translation>
    </message>
    <message>
        <source>Ce code d'inscription n'est pas reconnu par le serveur.</source>
        <translation>The server does not recognise this enrolment code.</translation>
    </message>
    <message>
        <source>Vérifiez le code saisi (quatre groupes de quatre caractères) et l'adresse du serveur, ou demandez un nouveau code à l'équipe centrale de la CNSA.</source>
        <translation>Check the code you typed (four groups of four characters) and the server address, or ask the CNSA's central team for a new code.</translation>
    </message>
    <message>
        <source>Ce code d'inscription a expiré.</source>
        <translation>This enrolment code has expired.</translation>
    </message>
    <message>
        <source>Demandez un nouveau code à l'équipe centrale de la CNSA : un code ne sert que pendant une durée limitée.</source>
        <translation>Ask the CNSA's central team for a new code: a code only works for a limited time.</translation>
    </message>
    <message>
        <source>Ce code d'inscription a déjà servi à inscrire une autre tablette.</source>
        <translation>This enrolment code has already enrolled another tablet.</translation>
    </message>
    <message>
        <source>Chaque code n'inscrit qu'une tablette : demandez un nouveau code à l'équipe centrale de la CNSA.</source>
        <translation>Each code enrols one tablet only: ask the CNSA's central team for a new code.</translation>
    </message>
    <message>
        <source>L'horloge de la tablette est trop décalée par rapport à celle du serveur.</source>
        <translation>The tablet's clock is too far from the server's.</translation>
    </message>
    <message>
        <source>Synchronisez à nouveau : la tablette a appris l'heure du serveur. Si le message revient, activez la date et l'heure automatiques dans les réglages de la tablette.</source>
        <translation>Sync again: the tablet has learned the server's time. If this message comes back, turn on automatic date and time in the tablet's settings.</translation>
    </message>
</context>
</TS>