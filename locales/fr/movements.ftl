# Les pages de l’entrepôt : tri, transfert, inventaire et mise au rebut.
movements-tabs = Entrepôt
movements-tab-triage = Tri
movements-tab-transfer = Transfert
movements-tab-stocktake = Inventaire
movements-tab-writeoff = Mise au rebut
movements-places = Lieux
movements-place-not-listed = Ce lieu n’est pas dans la liste : choisissez-en un ci-dessus.
movements-replayed = (Ce formulaire avait déjà été envoyé : il n’a compté qu’une fois.)
movements-nothing-saved = { $n ->
    [one] Rien n’a été enregistré : un point à corriger, indiqué plus bas.
   *[other] Rien n’a été enregistré : { $n } points à corriger, indiqués plus bas.
}
movements-how-many = Combien
movements-how-many-of = Combien de { $category } ({ $condition })
movements-line = { $n } { $category } ({ $condition })
movements-group = { $group ->
    [shelter] Abri
    [sleeping] Couchage
    [cooking] Cuisine
    [clothing] Vêtements
    [food] Nourriture
    [bikes] Vélos
   *[other] Autres
}

## Tri
movements-triage-title = Tri
movements-triage-at = Tri à { $place }
movements-triage-empty = Rien n’attend d’être séché, lavé ou réparé ici.
movements-waiting = { $n } en attente
movements-to-good = { $from ->
    [needs-drying] séchés → bon état
    [needs-cleaning] lavés → bon état
    [needs-repair] réparés → bon état
   *[other] → bon état
}
movements-to-usable = Marquer utilisable
movements-to-unusable = Marquer inutilisable
movements-regraded = { $from ->
    [needs-drying] Séchés
    [needs-cleaning] Lavés
    [needs-repair] Réparés
   *[other] Reclassés
} : { $n } { $category }, { $was } → { $now }, à { $place }.

## Transfert
movements-transfer-title = Transfert
movements-transfer-from = Transfert depuis { $place }
movements-transfer-which = Depuis quel entrepôt ? Touchez-en un pour voir son stock.
movements-to = Vers
movements-choose = Choisir…
movements-warehouses = Entrepôts
movements-sites-outside-run = Sites (hors tournée)
movements-what-to-move = Que faut-il déplacer depuis { $place } ?
movements-in-stock = { $n } en stock
movements-nothing-in-stock = Rien en stock ici.
movements-note = Remarque (facultative)
movements-transfer-button = Transférer depuis { $place }
movements-no-warehouse = Pas encore d’entrepôt : un coordinateur en ajoute un dans Admin.
movements-moved = { $n ->
    [one] { $n } article déplacé
   *[other] { $n } articles déplacés
} de { $from } vers { $to } : { $lines }.

## Mise au rebut
movements-writeoff-title = Mise au rebut
movements-writeoff-at = Mise au rebut à { $place }
movements-writeoff-intro = Ce qui ne peut ni servir ni être distribué quitte le stock pour de bon.
movements-reason = Raison (obligatoire)
movements-writeoff-button = Mettre au rebut…
movements-writeoff-confirm-title = { $n ->
    [one] Mettre { $n } article au rebut ?
   *[other] Mettre { $n } articles au rebut ?
}
movements-writeoff-restated = À { $place } : { $lines }.
movements-reason-said = Raison :
movements-writeoff-for-good = Ils quittent le stock pour de bon.
movements-writeoff-confirm = Mettre au rebut
movements-wrote-off = { $n ->
    [one] { $n } article mis au rebut
   *[other] { $n } articles mis au rebut
} à { $place } : { $lines }.

## Inventaire
movements-stocktake-title = Inventaire
movements-stocktake-at = Inventaire à { $place }
movements-stocktake-intro = Comptez ce qui est vraiment là. Les écarts s’affichent avant tout enregistrement.
movements-in-the-books = { $n } selon les registres
movements-found = Trouvé, absent des registres
movements-category = Catégorie
movements-category-choose = Catégorie…
movements-count = Nombre
movements-condition = État
movements-reason-monthly = Par exemple : inventaire mensuel
movements-stocktake-check = Voir les écarts
movements-stocktake-matches = Tout ce qui a été compté correspond aux registres : l’inventaire est enregistré sans changement.
movements-stocktake-will-set = Ces lignes prendront la valeur que vous avez comptée :
movements-col-what = Quoi
movements-col-books = Registres
movements-col-count = Compté
movements-stocktake-confirm-title = Enregistrer l’inventaire à { $place } ?
movements-stocktake-confirm = Enregistrer l’inventaire
movements-stocktake-change = { $category } { $condition } { $change }
movements-stocktake-saved = Inventaire à { $place } enregistré : { $changes }.
movements-stocktake-saved-same = Inventaire à { $place } enregistré : aucun écart.

## Ce qu’un formulaire refusé dit à côté de ses champs
movements-err-form-key = Il manque la clé de ce formulaire : rechargez la page et renvoyez-le.
movements-err-key-used = Ce formulaire a déjà été envoyé avec d’autres nombres : rechargez la page et remplissez-le à nouveau.
movements-err-short = { $n ->
    [0] Il ne reste aucun { $category } ({ $condition }) à { $place }.
   *[other] Seulement { $n } { $category } ({ $condition }) à { $place } : tapez { $n } ou moins.
}
movements-err-short-loose = { $n ->
    [0] Tous les { $category } ({ $condition }) à { $place } sont rangés dans des caisses : sortez-les d’abord de leur caisse.
   *[other] Seulement { $n } { $category } ({ $condition }) à { $place } sont hors des caisses : tapez { $n } ou moins, ou sortez-en d’abord davantage.
}
movements-err-row-gone = Cette ligne n’attend plus ici : la liste ci-dessous est à jour.
movements-err-line-gone = Une ligne de ce formulaire n’est plus dans la liste : elle est affichée à nouveau telle qu’elle est maintenant.
movements-err-no-lines = Tapez une quantité sur au moins une ligne.
movements-err-condition = Choisissez un état dans la liste.
movements-err-same-condition = Ils sont déjà « { $condition } » : choisissez un autre état.
movements-err-choose-to = Choisissez où vont les articles.
movements-err-to-unknown = Ce lieu n’est pas dans la liste : choisissez-en un.
movements-err-same-place = Les articles sont déjà à { $place } : choisissez un autre lieu.
movements-err-writeoff-reason = Dites pourquoi ces articles sont mis au rebut.
movements-err-stocktake-reason = Dites pourquoi vous avez compté (par exemple, inventaire mensuel).
movements-err-counted-twice = { $category } ({ $condition }) est compté deux fois : comptez-le sur une seule ligne.
movements-err-found-what = Choisissez ce que vous avez trouvé, ou effacez le nombre.
movements-err-count-none = Comptez au moins une ligne.
movements-err-text-control = Lettres, chiffres et ponctuation uniquement : pas de tabulation ni de retour à la ligne.
movements-err-text-phone = Pas de numéro de téléphone : Haul ne garde aucune trace des personnes aidées.
movements-err-text-email = Pas d’adresse e-mail : Haul ne garde aucune trace des personnes aidées.
movements-err-text-long = { $max } caractères au plus.

## Une longue feuille resserrée (transfert, inventaire, mise au rebut)
movements-filter-find = Chercher
movements-filter-button = Afficher
movements-filter-groups = Afficher un groupe
movements-filter-all = Tout
movements-filter-shown-both = { $group } contenant « { $find } » : { $shown } lignes sur { $total } affichées.
movements-filter-shown-group = { $group } : { $shown } lignes sur { $total } affichées.
movements-filter-shown-find = Contenant « { $find } » : { $shown } lignes sur { $total } affichées.
movements-filter-kept = Les nombres tapés dans les autres lignes sont gardés.
movements-filter-show-all = Tout afficher
movements-filter-find-dropped = Rien dans { $group } ne contient « { $find } » : la recherche a été effacée.
