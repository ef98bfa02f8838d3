# Les messages d’erreur de l’API JSON (issue 13). Les codes restent en anglais : ce sont
# des clés pour les programmes.
api-bad-request = La requête est illisible : vérifiez son adresse et ses paramètres.
api-bad-json = Le corps de la requête n’est pas du JSON valide.
api-invalid = La requête n’est pas valide : voir le détail.
api-invalid-field = { $more ->
    [0] Le champ { $field } n’est pas valide : voir le détail.
    [one] Le champ { $field } et { $more } autre ne sont pas valides : voir le détail.
   *[other] Le champ { $field } et { $more } autres ne sont pas valides : voir le détail.
}
api-not-found = Introuvable : vérifiez l’adresse et les noms qu’elle contient.
api-conflict = Cela contredit ce qui est déjà enregistré : voir le code et le détail.
api-too-large = La requête est trop volumineuse : découpez-la en plusieurs.
api-unauthorized = Connectez-vous d’abord : le jeton manque, a expiré ou n’est pas valide.
api-forbidden = Votre rôle ne permet pas de faire cela.
api-too-many-requests = Trop de tentatives : patientez un peu, puis réessayez.
api-unavailable = Haul ne peut pas répondre pour le moment : réessayez plus tard.
api-method-not-allowed = Cette adresse n’accepte pas cette méthode.
api-internal = Une erreur s’est produite sur le serveur ; elle a été consignée.
