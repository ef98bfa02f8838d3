# La page sécurité de la coordination : tout verrouiller, oublier un lieu ou un·e bénévole, le journal.
safety-title = Sécurité
safety-done-site = Le lieu a été retiré et oublié.
safety-done-volunteer = L’identifiant du ou de la bénévole a été oublié.
safety-done = C’est fait.
safety-action-lock = Verrouillage
safety-action-unlock = Déverrouillage
safety-action-forget-site = Lieu oublié
safety-action-forget-volunteer = Bénévole oublié·e
safety-action-forget-notes = Anciennes notes effacées
safety-lock-heading = Tout verrouiller
safety-lock-what = Déconnecte tout le monde d’un coup et arrête toutes les clés données à d’autres programmes.
safety-lock-encrypted = La base de données est chiffrée : Haul la ferme alors, oublie sa phrase secrète et s’arrête. Pour le relancer, il faut la phrase secrète.
safety-lock-plain = La base de données n’est pas chiffrée : après un verrouillage, personne ne peut se connecter tant que la personne qui gère le serveur de Haul n’a pas rouvert les connexions sur place. Elle peut aussi chiffrer la base (docs/operations.md explique comment).
safety-lock-button = Tout verrouiller…
safety-site-heading = Retirer et oublier un lieu
safety-site-what = Son nom de code et son adresse sont remplacés partout par une étiquette neutre ; ce qui y est allé et tous les chiffres restent.
safety-site-none = Aucun lieu à oublier.
safety-site-label = Lieu
safety-site-button = Oublier ce lieu…
safety-volunteer-heading = Oublier un·e bénévole
safety-volunteer-what = Son identifiant est remplacé par une étiquette neutre sur tout ce qu’il ou elle a enregistré ; son compte ne peut plus se connecter.
safety-volunteer-none = Aucun·e autre bénévole à oublier.
safety-volunteer-label = Bénévole
safety-volunteer-option = { $handle } ({ $role })
safety-volunteer-button = Oublier ce ou cette bénévole…
safety-notes-heading = Oubli des anciennes notes
safety-notes-set = { $days ->
    [one] Les notes, motifs et « déclaré par » de plus d’un jour sont effacés au démarrage de Haul puis toutes les heures.
   *[other] Les notes, motifs et « déclaré par » de plus de { $days } jours sont effacés au démarrage de Haul puis toutes les heures.
}
safety-notes-kept = Les anciennes notes sont conservées. La personne qui gère le serveur de Haul peut faire effacer les notes, motifs et « déclaré par » au bout de quelques jours, 90 par exemple (docs/operations.md explique comment).
safety-audit-heading = Ce qui a été verrouillé ou oublié
safety-audit-none = Rien pour l’instant.
safety-audit-when = Quand (UTC)
safety-audit-who = Qui
safety-audit-what = Quoi
safety-lock-confirm-encrypted = Tout le monde est déconnecté maintenant, et Haul ferme la base de données, oublie sa phrase secrète et s’arrête. Personne ne peut utiliser Haul avant qu’il soit relancé avec la phrase secrète.
safety-lock-confirm-plain = Tout le monde est déconnecté maintenant, vous aussi, et personne ne peut se connecter tant que la personne qui gère le serveur de Haul n’a pas rouvert les connexions sur place.
safety-lock-question = Verrouiller Haul maintenant ?
safety-lock-confirm-button = Tout verrouiller
safety-locked-heading = Haul est verrouillé
safety-locked-title = Verrouillé
safety-locked-encrypted = Tout le monde est déconnecté. La base de données est fermée et sa phrase secrète oubliée ; Haul s’est arrêté. Relancez-le avec la phrase secrète.
safety-locked-plain = Tout le monde est déconnecté. Personne ne peut se connecter tant que la personne qui gère le serveur de Haul n’a pas rouvert les connexions sur place.
safety-site-choose = Choisissez un lieu dans la liste.
safety-site-confirm = Retirer { $site } et oublier son nom de code ? Partout où Haul l’affiche, il devient une étiquette neutre comme « retired-site-1 ». Ses chiffres restent. C’est irréversible.
safety-site-confirm-address = Retirer { $site } et oublier son nom de code et son adresse ? Partout où Haul l’affiche, il devient une étiquette neutre comme « retired-site-1 ». Ses chiffres restent. C’est irréversible.
safety-site-question = Retirer et oublier ce lieu ?
safety-site-confirm-button = Retirer et oublier
safety-nothing-forgotten = Rien n’a été oublié : { $why }.
safety-volunteer-choose = Choisissez un·e autre bénévole dans la liste.
safety-volunteer-confirm = Oublier { $handle } ? Tout ce qu’il ou elle a enregistré indiquera « forgotten-volunteer-N » à la place, et le compte ne pourra plus se connecter. C’est irréversible.
safety-volunteer-question = Oublier ce ou cette bénévole ?
safety-volunteer-confirm-button = Oublier
safety-not-yourself = Rien n’a été oublié : c’est à une autre personne de la coordination de vous oublier.

# Une ligne du journal, dite à partir de ses faits (src/safety/mod.rs).
safety-facts-locked-plain = tous les jetons et { $sessions ->
    [one] une session
   *[other] { $sessions } sessions
} révoqués ; connexions refusées jusqu’à `haul unlock`
safety-facts-locked-encrypted = tous les jetons et { $sessions ->
    [one] une session
   *[other] { $sessions } sessions
} révoqués ; le serveur a fermé la base chiffrée et oublié sa clé
safety-facts-unlocked = connexions de nouveau permises
safety-facts-notes-forgotten = { $n ->
    [one] une note, raison ou source
   *[other] { $n } notes, raisons et sources
} de plus de { $days } jours effacées
