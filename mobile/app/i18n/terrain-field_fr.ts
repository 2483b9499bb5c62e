<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR" sourcelanguage="fr_FR">
<context>
    <name>AttendanceTab</name>
    <message numerus="yes">
        <source>%n présent(s)</source>
        <translation><numerusform>%n présent</numerusform><numerusform>%n présents</numerusform></translation>
    </message>
    <message>
        <source>Rechercher un nom…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Effacer la recherche</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>+ Enregistrer une arrivée</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Aucun participant ne correspond à « %1 ».</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Personne n'est encore enregistré. Touchez « Enregistrer une arrivée » pour commencer.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Participant sans nom</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nom non recueilli</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ChoiceField</name>
    <message>
        <source>Choisir…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ClockNotice</name>
    <message numerus="yes">
        <source>%n jour(s)</source>
        <translation><numerusform>%n jour</numerusform><numerusform>%n jours</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n heure(s)</source>
        <translation><numerusform>%n heure</numerusform><numerusform>%n heures</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation><numerusform>%n minute</numerusform><numerusform>%n minutes</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n seconde(s)</source>
        <translation><numerusform>%n seconde</numerusform><numerusform>%n secondes</numerusform></translation>
    </message>
    <message>
        <source>L'horloge de la tablette était en avance de %1 ; elle a été corrigée pour la synchronisation.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>L'horloge de la tablette était en retard de %1 ; elle a été corrigée pour la synchronisation.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rien n'est perdu. Pour éviter que cela se reproduise, activez la date et l'heure automatiques dans les réglages de la tablette.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ContributionsTab</name>
    <message>
        <source>Atelier</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sans atelier</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Contribution (n'écrivez aucun nom)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Idée ou proposition issue de l'atelier…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Principes d'action</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Valeurs partagées</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Priorités stratégiques</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ajouter la contribution</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n contribution(s)</source>
        <translation><numerusform>%n contribution</numerusform><numerusform>%n contributions</numerusform></translation>
    </message>
    <message>
        <source>Priorité %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Supprimer</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>EnrolmentPage</name>
    <message>
        <source>Inscription de la tablette</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Bienvenue dans Terrain</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pour utiliser cette tablette, inscrivez-la une fois auprès du serveur de la CNSA avec le code d'inscription qui vous a été remis. Une connexion est nécessaire pour cette étape seulement : ensuite, tout fonctionne sans réseau.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Adresse du serveur</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Code d'inscription</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Saisissez ou collez le code</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Inscription en cours…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Inscrire la tablette</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>La tablette est inscrite.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rôle</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Périmètre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Serveur</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Voir les rencontres</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Code : %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>EvaluationTab</name>
    <message>
        <source>Indiquez le nom de l'évaluateur.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Il reste des questions obligatoires (*) sans réponse.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Évaluation enregistrée.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Aucune grille d'évaluation n'est disponible. Synchronisez la tablette.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Évaluateur</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Votre nom</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mettre à jour l'évaluation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enregistrer l'évaluation</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>FeedbackTab</name>
    <message>
        <source>Code incorrect.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n réponse(s) recueillie(s)</source>
        <translation><numerusform>%n réponse recueillie</numerusform><numerusform>%n réponses recueillies</numerusform></translation>
    </message>
    <message>
        <source>Le questionnaire est anonyme. En mode borne, chaque participant remplit le questionnaire sur cette tablette, puis un écran de remerciement verrouillé s'affiche. Pour le déverrouiller, maintenez le doigt sur l'écran puis saisissez votre code.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Questionnaire</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Aucun questionnaire de satisfaction n'est disponible. Synchronisez la tablette.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Démarrer le mode borne</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choisissez un code de %1 à %2 chiffres pour déverrouiller la borne</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Saisissez le code une seconde fois</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Le code doit compter au moins %1 chiffres.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Les deux codes diffèrent. Recommencez.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Réservé à l'animateur : maintenir pour déverrouiller</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ce questionnaire est anonyme : vos réponses ne sont pas reliées à votre nom.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Il reste des questions obligatoires (*) sans réponse.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Envoyer mes réponses</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Merci pour votre participation !</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Vos réponses sont enregistrées. Merci de rendre la tablette à l'animateur.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Code de l'animateur</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Participant suivant</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Quitter le mode borne</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>HeadcountTab</name>
    <message>
        <source>Chaque tablette compte les entrées à sa porte ; le total additionne toutes les tablettes à chaque synchronisation. Avant de créer un compteur, synchronisez : une autre tablette l'a peut-être déjà créé.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nom du compteur, ex. : Plénière</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Plénière</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>+ Ajouter un compteur</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Retirer une personne</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 personnes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ajouter une personne</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dont personnes concernées : %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Retirer une personne concernée</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ajouter une personne concernée</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Terrain</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Retour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Synchronisation…</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n envoi(s) en attente</source>
        <translation><numerusform>%n envoi en attente</numerusform><numerusform>%n envois en attente</numerusform></translation>
    </message>
    <message>
        <source>À jour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Synchronisation : %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n conflit(s)</source>
        <translation><numerusform>%n conflit</numerusform><numerusform>%n conflits</numerusform></translation>
    </message>
    <message>
        <source>Compris</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MeetingDialog</name>
    <message>
        <source>Nouvelle rencontre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Indiquez l'intitulé de la rencontre.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>La date ou l'heure n'est pas valable (JJ/MM/AAAA et HH:MM).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Intitulé</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ex. : Rencontre territoriale Bretagne 2024</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Type de rencontre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Date (JJ/MM/AAAA)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Heure de début (HH:MM)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Région</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rencontre nationale</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Lieu (facultatif)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Départements concernés (facultatif : toute la région si aucun)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Annuler</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Créer la rencontre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Modifier la rencontre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enregistrer</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MeetingPage</name>
    <message>
        <source>Rencontre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>National</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Émargement</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Comptage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Contributions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Satisfaction</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Évaluation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Modifier</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Modifier la rencontre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Démarrer la rencontre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clore la rencontre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rouvrir la rencontre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rétablir la rencontre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Annuler la rencontre…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Annuler cette rencontre ?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>La rencontre sera marquée « Annulée » : elle ne comptera plus parmi les rencontres tenues. Les présences, comptages, contributions et réponses déjà saisis sont conservés. Vous pourrez la rétablir.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Oui, annuler la rencontre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Non, garder la rencontre</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MeetingsPage</name>
    <message>
        <source>Rencontres</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>National</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n rencontre(s)</source>
        <translation><numerusform>%n rencontre</numerusform><numerusform>%n rencontres</numerusform></translation>
    </message>
    <message>
        <source>+ Nouvelle rencontre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Aucune rencontre pour l'instant. Synchronisez pour recevoir les rencontres de votre périmètre, ou créez-en une.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ParticipantDialog</name>
    <message>
        <source>Modifier la présence</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enregistrer une arrivée</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choisissez le type d'acteur.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nom et prénom</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ex. : Camille Martin</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nom non enregistré sans consentement</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Consentement</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Oui</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Non</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>La personne accepte que son nom et ses informations figurent sur la liste d'émargement, utilisée par la CNSA et les organisateurs.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Type d'acteur</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Organisme</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ex. : MDPH du Finistère</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Département</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Non précisé</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rôle dans la rencontre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Personne concernée ou représentant</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Deux tablettes ont saisi des valeurs différentes pour « %1 ».</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Garder : %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n arrivée(s) enregistrée(s) à la suite.</source>
        <translation><numerusform>%n arrivée enregistrée à la suite.</numerusform><numerusform>%n arrivées enregistrées à la suite.</numerusform></translation>
    </message>
    <message>
        <source>Supprimer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Annuler</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enregistrer et suivant</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enregistrer</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Valider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Effacer un chiffre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Annuler</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>QuestionnaireForm</name>
    <message>
        <source>Merci de répondre à cette question.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n choix au plus</source>
        <translation><numerusform>%n choix au plus</numerusform><numerusform>%n choix au plus</numerusform></translation>
    </message>
    <message>
        <source>Oui</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Non</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Votre réponse…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>RoleText</name>
    <message>
        <source>Animateur</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Évaluateur</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Administrateur</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Non inscrit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Aucun</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cycle « %1 »</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n rencontre(s) désignée(s)</source>
        <translation><numerusform>%n rencontre désignée</numerusform><numerusform>%n rencontres désignées</numerusform></translation>
    </message>
    <message>
        <source>Toutes les rencontres</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Synchronisation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>À préparer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>En attente d'envoi</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Envoyé, réponse attendue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reçu par le serveur</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mis de côté pour vérification</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>En conflit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Préparation des saisies…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Envoi au serveur…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Réception des mises à jour…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Terminé</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Jamais</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>le %1 à %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Données générales</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rencontre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Donnée personnelle masquée : à consulter dans l'émargement</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(vide)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Oui</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Non</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n envoi(s) en attente</source>
        <translation><numerusform>%n envoi en attente</numerusform><numerusform>%n envois en attente</numerusform></translation>
    </message>
    <message>
        <source>Tout est envoyé</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dernière synchronisation réussie : %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Serveur joignable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Serveur injoignable pour l'instant : les saisies restent sur la tablette</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Serveur : %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Synchronisation…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Synchroniser maintenant</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dernier échange : %1 envoyé(s), %2 accepté(s), %3 reçu(s).</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n conflit(s) à examiner</source>
        <translation><numerusform>%n conflit à examiner</numerusform><numerusform>%n conflits à examiner</numerusform></translation>
    </message>
    <message>
        <source>Aucun conflit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Deux tablettes ont modifié la même information. La valeur retenue s'applique déjà ; l'autre est conservée ici. Choisissez celle à garder.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Valeur retenue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Autre valeur</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Garder cette valeur</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Saisies en attente</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rien n'attend d'être envoyé.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n modification(s)</source>
        <translation><numerusform>%n modification</numerusform><numerusform>%n modifications</numerusform></translation>
    </message>
    <message>
        <source>Motif : %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cette tablette n'est pas encore inscrite : les saisies restent sur la tablette jusqu'à l'inscription.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Libéré par la CNSA le %1 : intégré aux données</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rejeté par la CNSA le %1 : non intégré aux données</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>motif : %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>terrain::field</name>
    <message>
        <source>Le serveur est injoignable.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Vérifiez la connexion (Wi-Fi ou 4G) et l'adresse du serveur, puis réessayez.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Vérifiez la connexion (Wi-Fi ou 4G). Vos saisies restent sur la tablette : la synchronisation reprendra dès que le serveur répondra.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Le certificat du serveur n'est pas reconnu : la connexion n'est pas sûre.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Vérifiez l'adresse du serveur (elle commence par https://). Si elle est correcte, contactez le support : n'utilisez pas un autre réseau non sécurisé.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cette tablette a été révoquée par l'équipe centrale.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rendez la tablette à la CNSA ou contactez l'équipe centrale pour la réinscrire.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Le serveur ne reconnaît pas cette tablette.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Contactez l'équipe centrale : la tablette doit être réinscrite avec un nouveau code.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cette tablette n'est pas encore inscrite.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ouvrez l'écran d'inscription et saisissez le code fourni par la CNSA.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Trop de tentatives en peu de temps.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Patientez quelques minutes, puis réessayez.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Le serveur a rencontré un problème.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Réessayez plus tard. Vos saisies restent sur la tablette.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>L'horloge de la tablette est en avance.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Corrigez la date et l'heure dans les réglages de la tablette (réglage automatique), puis synchronisez.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Le serveur a été restauré depuis une sauvegarde.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Synchronisez à nouveau : la tablette renverra ce qui manque au serveur.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cette action sort du périmètre confié à la tablette.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Vérifiez la réunion choisie, ou demandez à l'équipe centrale d'élargir le périmètre.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Des saisies ont été mises de côté par le serveur pour vérification.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rien n'est perdu : l'équipe centrale va les examiner.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>La saisie est incomplète ou invalide.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Vérifiez les champs obligatoires, puis enregistrez à nouveau.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>La saisie est trop longue.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Raccourcissez le texte, puis enregistrez.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cet élément est introuvable.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Il a peut-être été supprimé depuis une autre tablette. Synchronisez pour mettre à jour la liste.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>La tablette n'a pas pu enregistrer.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Vérifiez l'espace de stockage libre, puis réessayez.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cette version de l'application est trop ancienne pour le serveur.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mettez à jour l'application Terrain, puis synchronisez.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cette modification entre en conflit avec une autre.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Synchronisez, puis consultez les conflits dans l'écran Synchronisation.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Une erreur inattendue s'est produite.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Réessayez. Si le problème persiste, contactez le support en indiquant le code affiché.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>L'adresse ne correspond pas à un serveur Terrain.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Vérifiez l'adresse du serveur.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Le serveur a refusé la demande.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ce code d'inscription n'est pas reconnu par le serveur.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Vérifiez le code saisi (quatre groupes de quatre caractères) et l'adresse du serveur, ou demandez un nouveau code à l'équipe centrale de la CNSA.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ce code d'inscription a expiré.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Demandez un nouveau code à l'équipe centrale de la CNSA : un code ne sert que pendant une durée limitée.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ce code d'inscription a déjà servi à inscrire une autre tablette.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Chaque code n'inscrit qu'une tablette : demandez un nouveau code à l'équipe centrale de la CNSA.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>L'horloge de la tablette est trop décalée par rapport à celle du serveur.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Synchronisez à nouveau : la tablette a appris l'heure du serveur. Si le message revient, activez la date et l'heure automatiques dans les réglages de la tablette.</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>