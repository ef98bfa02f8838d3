# La page sécurité de la coordination : tout verrouiller, oublier un lieu ou un·e bénévole, le journal.
safety-title = Sécurité
safety-done-site = Le lieu a été retiré et oublié.
safety-done-volunteer = L’identifiant du ou de la bénévole a été oublié.
safety-done = C’est fait.
# Une commande tapée sur le serveur : à laisser telle quelle.
safety-unlock-command = haul unlock
safety-action-lock = Verrouillage
safety-action-unlock = Déverrouillage
safety-action-forget-site = Lieu oublié
safety-action-forget-volunteer = Bénévole oublié·e
safety-action-forget-notes = Anciennes notes effacées
safety-lock-heading = Tout verrouiller
safety-lock-what = Met fin à toutes les sessions et à tous les jetons d’un coup.
safety-lock-encrypted = La base de données est chiffrée : Haul la ferme alors, oublie sa phrase secrète et s’arrête. Pour le relancer, il faut la phrase secrète.
safety-lock-plain = La base de données n’est pas chiffrée : après un verrouillage, personne ne peut se connecter tant que quelqu’un n’a pas lancé { $command } sur cette machine. Voir docs/security.md pour la chiffrer.
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
safety-notes-set = Les notes, motifs et « déclaré par » de plus de { $after } sont effacés au démarrage puis toutes les heures (HAUL_FORGET_NOTES_AFTER).
safety-notes-kept = Les anciennes notes sont conservées. Réglez HAUL_FORGET_NOTES_AFTER=90d pour effacer les notes, motifs et « déclaré par » plus anciens.
safety-audit-heading = Ce qui a été verrouillé ou oublié
safety-audit-none = Rien pour l’instant.
safety-audit-when = Quand (UTC)
safety-audit-who = Qui
safety-audit-what = Quoi
safety-lock-confirm-encrypted = Toutes les sessions et tous les jetons prennent fin maintenant, et Haul ferme la base de données, oublie sa phrase secrète et s’arrête. Personne ne peut utiliser Haul avant qu’il soit relancé avec la phrase secrète.
safety-lock-confirm-plain = Toutes les sessions et tous les jetons prennent fin maintenant, y compris les vôtres, et personne ne peut se connecter tant que quelqu’un n’a pas lancé { $command } sur cette machine.
safety-lock-question = Verrouiller Haul maintenant ?
safety-lock-confirm-button = Tout verrouiller
safety-locked-heading = Haul est verrouillé
safety-locked-title = Verrouillé
safety-locked-encrypted = Toutes les sessions et tous les jetons ont pris fin. La base de données est fermée et sa phrase secrète oubliée ; Haul s’est arrêté. Relancez-le avec la phrase secrète.
safety-locked-plain = Toutes les sessions et tous les jetons ont pris fin. Personne ne peut se connecter tant que quelqu’un n’a pas lancé { $command } sur cette machine.
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
