# Collectifs partenaires (ticket 18) : notre clé, les partenaires, les offres et les remises par fichiers signés.
partners-title = Collectifs partenaires
partners-title-short = Partenaires
partners-intro = Les dons passent à d'autres collectifs par des fichiers signés que vous portez vous-mêmes. Aucun serveur ne parle jamais à un autre.
partners-import-link = Importer un fichier
partners-offer-link = Proposer à un partenaire
partners-our-key = Notre clé
partners-our-key-how = Montrez-la en personne au coordinateur ou à la coordinatrice du partenaire ; lisez l'empreinte à voix haute et comparez-la avec ce qu'il ou elle voit.
partners-qr-label = Notre clé en code QR
partners-fingerprint = Empreinte
partners-key = Clé
partners-list = Partenaires
partners-none = Aucun partenaire pour l'instant.
partners-item = nous { $direction } · jusqu'au { $until }
partners-add = Ajouter un partenaire
partners-name = Leur nom
partners-code-name = Nom de code (le nôtre pour eux, facultatif)
partners-their-key = Leur clé
partners-we = Nous…
partners-direction-both = donnons et recevons
partners-direction-give = leur donnons
partners-direction-receive = recevons d'eux
partners-valid-until = Valable jusqu'au
partners-valid-until-how = Rempli à { $days } jours à partir d’aujourd’hui : mettez la date convenue avec eux.
partners-add-button = Ajouter le partenaire
partners-handovers = Remises
partners-handovers-none = Aucune pour l'instant.
partners-handover-give = { $partner } · nous donnons · { $state }
partners-handover-receive = { $partner } · nous recevons · { $state }
partners-added = { $partner } ajouté (empreinte { $fingerprint }) : comparez-la à voix haute avec la leur.

partners-offer-title = Proposer à un partenaire
partners-offer-from = Depuis l'entrepôt
partners-offer-show-stock = Voir son stock
partners-offer-no-partner = Pas encore de partenaire à qui donner.
partners-offer-add-one = En ajouter un
partners-offer-to = Au partenaire
partners-offer-until = Offre ouverte jusqu'au
partners-offer-how-many = Combien de chaque
partners-offer-line = { $category } ({ $condition }) : { $n } disponibles
partners-offer-note = Note (facultative ; ni noms ni numéros de personnes)
partners-offer-button = Faire l'offre
partners-offer-made = Offre faite. Téléchargez le fichier de l'offre ci-dessous et remettez-le au partenaire.
partners-offer-made-again = Cette offre était déjà faite (le formulaire a été envoyé deux fois) : elle ne compte qu'une fois. Téléchargez le fichier de l'offre ci-dessous.

partners-import-title = Importer un fichier d'un partenaire
partners-import-title-short = Importer un fichier
partners-import-intro = Une offre, une réponse, un bon d'expédition ou un bon de réception, tel que le partenaire l'a remis. Un fichier importé deux fois ne compte qu'une fois.
partners-import-file = Le fichier
partners-import-paste = …ou collez-le ici
partners-import-button = Importer
partners-import-empty = Choisissez le fichier reçu du partenaire, ou collez son texte.
partners-imported = { $code ->
        [offer] Offre de { $partner } importée
        [answer] Réponse de { $partner } importée
        [dispatch] Bon d'expédition de { $partner } importé
       *[other] Bon de réception de { $partner } importé
    } : la remise est maintenant « { $state } ».
partners-imported-again = Ce fichier ({ $kind }) a déjà été importé : rien n'a changé.

partners-handover = Remise
partners-to = Pour { $partner }
partners-from = De { $partner }
partners-state = État :
partners-open-until = offre ouverte jusqu'au { $date }
partners-offered = Proposé
partners-accepted = Accepté
partners-sent = Envoyé
partners-received = Reçu
partners-files = Fichiers
partners-download = Télécharger : { $kind }
partners-to-hand-over = (à remettre au partenaire)
partners-imported-on = { $code ->
        [offer] Offre du partenaire, importée le { $date }
        [answer] Réponse du partenaire, importée le { $date }
        [dispatch] Bon d'expédition du partenaire, importé le { $date }
       *[other] Bon de réception du partenaire, importé le { $date }
    }
partners-import-next = Importer le prochain fichier du partenaire
partners-history = Historique
partners-detail-imported = { $code ->
        [offer] Offre importée
        [answer] Réponse importée
        [dispatch] Bon d'expédition importé
       *[other] Bon de réception importé
    }
partners-detail-extra = un bon d'expédition complémentaire
partners-detail-shortfall = ligne { $line } : { $n } perdu(s) en route ({ $reason })
partners-detail-no-reason = sans raison donnée
partners-detail-separator = {" ; "}
partners-line-label = { $name } ({ $condition }), jusqu’à { $n }

partners-answer = Répondre à l'offre
partners-accept-button = Accepter ceci
partners-decline-button = Refuser l'offre
partners-dispatch = Expédier
partners-dispatch-how = Ce qui part vraiment ; le bon d'expédition n'est jamais modifié ensuite.
partners-dispatch-button = Expédier
partners-waiting-answer = En attente de la réponse du partenaire : importez-la quand elle arrive.
partners-withdraw-button = Retirer l'offre
partners-waiting-receipt = Envoyé : en attente du bon de réception du partenaire.
partners-extra = Un bon d'expédition complémentaire
partners-extra-how = Ce qui a été accepté mais ne figurait pas sur le premier bon part sur un bon à lui ; le premier bon reste tel quel. Au plus ce qui est accepté et pas encore envoyé.
partners-extra-button = Envoyer ceci sur un bon complémentaire
partners-lost-why = S'il n'arrive jamais : pourquoi
partners-lost-button = Le déclarer perdu
partners-receive = Réceptionner
partners-receive-into = Dans l'entrepôt
partners-received-on = Reçu le
partners-receive-legend = { $name } ({ $condition }) : { $n } envoyés
partners-map = Correspond chez nous à…
partners-map-choose = choisir
partners-condition = État de l'article
partners-why = Pourquoi c'est différent (si c'est le cas)
partners-reason-none = aucune différence
partners-reason-short = manquant
partners-reason-damaged = abîmé
partners-reason-wrong-item = mauvais article
partners-reason-extra = en trop
partners-receive-button = Enregistrer ce qui est arrivé
partners-no-step = cette étape n'existe pas : rechargez la page

partners-done-accept = Accepté. Téléchargez la réponse ci-dessous et remettez-la au partenaire.
partners-done-decline = Refusé. Téléchargez la réponse ci-dessous et remettez-la au partenaire.
partners-done-withdraw = L'offre est retirée.
partners-done-dispatch = Expédié. Téléchargez le bon d'expédition ci-dessous et envoyez-le avec les articles.
partners-done-extra = Un bon d'expédition complémentaire est fait. Téléchargez-le ci-dessous et envoyez-le avec les articles.
partners-done-receive = Reçu et entré en stock. Téléchargez le bon de réception ci-dessous et remettez-le au partenaire.
partners-done-lost = Déclaré perdu : ce qui a été envoyé est sorti du stock comme perdu en route.
partners-sent-twice = { $done } (Le formulaire a été envoyé deux fois : il n'a compté qu'une fois.)

partners-state-offered = proposée
partners-state-accepted = acceptée
partners-state-declined = refusée
partners-state-withdrawn = retirée
partners-state-expired = expirée
partners-state-dispatched = expédiée
partners-state-received = reçue
partners-state-closed = clôturée
partners-state-lost = perdue
partners-kind-offer = offre
partners-kind-answer = réponse
partners-kind-dispatch = bon d'expédition
partners-kind-receipt = bon de réception
partners-cond-good = bon état
partners-cond-usable = utilisable
partners-cond-needs-drying = à sécher
partners-cond-needs-cleaning = à nettoyer
partners-cond-needs-repair = à réparer
partners-cond-unusable = inutilisable

# Les refus des formulaires partenaires : en mots, à côté du champ concerné (src/partners/forms.rs).
partners-err-summary = Rien n’a été enregistré. { $n ->
    [one] Une chose à corriger :
   *[other] { $n } choses à corriger :
}
partners-code-name-how = Laissé vide, il est fait à partir de leur nom. Minuscules, chiffres et tirets, p. ex. entrepot-calais.
partners-how-many = Combien de chaque
partners-offer-find = Chercher
partners-offer-group = Type de biens
partners-offer-group-all = Tous les types
partners-offer-filter = Afficher
partners-offer-show-all = Tout afficher
partners-offer-nothing-free = Rien ici ne peut être proposé : seuls les biens en bon état ou utilisables, non réservés pour une tournée ou un partenaire, peuvent l’être.
partners-offer-hidden = { $n ->
    [one] Un article de plus n’est pas affiché : videz le filtre pour le voir.
   *[other] { $n } articles de plus ne sont pas affichés : videz le filtre pour les voir.
}
partners-offer-hidden-refused = { $n ->
    [one] Un article de plus n’est pas affiché le temps de corriger les problèmes : « Tout afficher » le fait revenir.
   *[other] { $n } articles de plus ne sont pas affichés le temps de corriger les problèmes : « Tout afficher » les fait revenir.
}
partners-row-name = { $category } ({ $condition })
partners-err-date-empty = Choisissez un jour.
partners-err-date-unreadable = « { $typed } » n’est pas un jour : choisissez-en un dans le calendrier.
partners-err-date-range = Choisissez un jour du { $first } au { $last }.
partners-err-count-empty = Indiquez combien de { $what } sont arrivés (0 si aucun).
partners-err-count-unreadable = « { $typed } » n’est pas un nombre : tapez un nombre entier, comme 12.
partners-err-count-negative = Tapez 0 ou plus pour { $what }.
partners-err-count-over = Il n’y en a que { $max } : tapez { $max } ou moins pour { $what }.
partners-err-text-control = Écrivez-le sur une seule ligne.
partners-err-text-phone = Pas de numéro de téléphone : Haul ne garde aucune trace des personnes aidées.
partners-err-text-email = Pas d’adresse e-mail : Haul ne garde aucune trace des personnes aidées.
partners-err-text-long = Restez sous { $max } caractères, sur les biens, pas sur les personnes.
partners-err-warehouse = Choisissez un de nos entrepôts.
partners-err-name-empty = Donnez le nom du partenaire (ou un nom de code).
partners-err-code-from-name = Aucun nom de code ne peut être fait à partir de ce nom : tapez-en un, p. ex. entrepot-calais.
partners-err-code-long = Le nom fait au plus { $max } caractères.
partners-err-code-shape = « { $typed } » ne peut pas servir de nom : minuscules, chiffres et tirets, p. ex. entrepot-calais.
partners-err-code-taken = Un partenaire s’appelle déjà { $partner } : choisissez un autre nom.
partners-err-code-place = Un lieu s’appelle déjà partner-{ $partner } : choisissez un autre nom.
partners-err-key-empty = Collez la clé que le partenaire vous a montrée.
partners-err-key-unreadable = Cette clé est illisible : elle commence par { $prefix } suivi de 64 lettres et chiffres. Copiez-la de nouveau, en entier.
partners-err-key-ours = C’est notre propre clé : demandez la leur au partenaire.
partners-err-key-taken = Cette clé est déjà celle de notre partenaire { $partner }.
partners-err-direction = Choisissez si nous donnons, recevons ou les deux.
partners-err-partner-choose = Choisissez un partenaire à qui proposer.
partners-err-partner-ended = Le partenariat avec { $partner } a pris fin le { $date } : convenez d’abord d’une nouvelle date.
partners-err-partner-receive-only = Nous ne faisons que recevoir de { $partner } : modifiez le partenariat pour donner aussi.
partners-err-row-gone = Ces biens ne peuvent plus être proposés ici : rechargez la page.
partners-err-offer-nothing = Indiquez une quantité pour au moins un article à proposer.
partners-err-offer-too-many = Une offre a au plus { $max } lignes : faites deux offres.
partners-err-accept-nothing = Acceptez au moins un article, ou refusez l’offre.
partners-err-dispatch-nothing = Envoyez au moins un article.
partners-err-extra-nothing = Envoyez au moins un article de plus, accepté et pas encore envoyé.
partners-err-lost-why = Dites pourquoi vous pensez que c’est perdu.
partners-err-condition = Choisissez l’état dans lequel { $what } est arrivé.
partners-err-reason-choose = Choisissez une raison dans la liste.
partners-err-reason-needed = { $received } arrivés sur { $sent } envoyés, ou dans un autre état : dites pourquoi.
partners-err-map-needed = Choisissez laquelle de nos catégories est « { $what } ».
partners-err-map-unknown = Choisissez une de nos catégories dans la liste.
partners-err-file-not-haul = Ce n’est pas un fichier du Haul d’un partenaire, ou il est tronqué : redemandez le fichier.
partners-err-file-unsigned = Ce fichier n’est pas signé : demandez au partenaire le fichier fait par Haul.
partners-err-file-changed = Ce fichier a été modifié après sa signature : ne vous y fiez pas ; redemandez-le au partenaire.
partners-err-file-stranger = Ce fichier est signé par un collectif qui n’est pas notre partenaire (empreinte { $fingerprint }) : ajoutez-le d’abord, après avoir comparé les empreintes en personne.
partners-err-file-ended = Le partenariat avec { $partner } a pris fin le { $date } : convenez d’une nouvelle date avant d’importer ses fichiers.
partners-err-file-not-ours = Ce fichier est destiné à un autre collectif.
partners-err-file-wrong-handover = Ce fichier appartient à un autre transfert, ou vient d’un autre partenaire que celui de ce transfert.
partners-err-out-of-order = Ce transfert a avancé depuis l’ouverture de la page : rien n’a été enregistré. Voyez son état ci-dessous.
partners-err-stock-changed = Une partie de ces biens a été prise depuis l’ouverture de la page : comparez les quantités avec ce qui est disponible maintenant.
partners-err-conflict = Cela entre en conflit avec ce qui existe déjà : rechargez la page et vérifiez.
partners-err-refused = Refusé : vérifiez et renvoyez.
partners-err-form-key = Il manque la clé de ce formulaire : rechargez la page et renvoyez-le.
partners-err-form-reused = Ce formulaire a déjà été envoyé avec d’autres valeurs : rechargez la page et remplissez-le de nouveau.

# Issue 18 follow-up: notes both ways, reasons that fit, own files, the handover list.
partners-err-reason-misfit = { $received } arrivé(s) sur { $sent } envoyé(s) : ce n’est pas « { $reason } ». Choisissez { $fitting }.
partners-err-count-offered = Le partenaire en a offert { $max } : tapez { $max } ou moins pour { $what }.
partners-err-file-own = Ce fichier ({ $kind }) a été fait ici, par nous : donnez-le au partenaire, c’est à lui de l’importer. Rien n’a changé.
partners-receipt-note = Note pour le partenaire (facultative ; ni noms ni numéros de personnes)
partners-note-theirs-offer = La note du partenaire, telle qu’il l’a écrite
partners-note-ours-offer = Notre note sur l’offre
partners-note-theirs-receipt = La note du partenaire sur la réception, telle qu’il l’a écrite
partners-note-ours-receipt = Notre note sur la réception
partners-goods-line = { $n } { $name }
partners-goods-more = { $goods } et { $n } de plus
partners-offer-until-how = Rempli à { $days } jours d’aujourd’hui : changez-le si le partenaire a besoin de plus ou de moins.
partners-decline-title = Refuser l’offre de { $partner } ?
partners-decline-how = La remise prend fin pour de bon : elle ne pourra plus être acceptée. Téléchargez la réponse et remettez-la au partenaire.
