# Historique et corrections (issue 9) : la liste des changements, la page d’un
# changement, et les formulaires qui le corrigent ou l’annulent.
history-title = Historique
history-list-intakes = Arrivages
history-list-handouts = Distributions
history-list-movements = Mouvements
history-list-runs = Tournées
history-list-corrections = Corrections
history-kind-intake = Arrivage
history-kind-handout = Distribution
history-kind-transfer = Transfert
history-kind-regrade = Reclassement
history-kind-stocktake = Inventaire
history-kind-writeoff = Mise au rebut
history-kind-correction = Correction
history-kind-load = Chargement
history-kind-delivery = Livraison
history-kind-return = Retour
history-kind-box = Caisse
history-kind-partner-dispatch = Envoi à un partenaire
history-kind-lost-in-transit = Perdu en route
history-undo = Annuler
history-see-it = Voir
history-filter-show = Afficher
history-filter-place = Entrepôt ou lieu
history-filter-everywhere = Partout
history-filter-from = Du
history-filter-to = Au
history-filter-button = Afficher
history-nothing-yet = Rien n’a encore été enregistré ici.
history-from-source = De { $source } :
history-older = Plus anciens →
history-entry = { $n } { $item } ({ $condition })
history-entry-in-here = { $n } { $item } ({ $condition }) entrés
history-entry-out-here = { $n } { $item } ({ $condition }) sortis
history-row-at = { $kind } à { $place }, { $n ->
    [one] un article
   *[other] { $n } articles
}, par { $who }
history-row-between = { $kind } de { $from } à { $to }, { $n ->
    [one] un article
   *[other] { $n } articles
}, par { $who }
history-row = { $kind }, { $n ->
    [one] un article
   *[other] { $n } articles
}, par { $who }
history-entry-in = { $n } { $item } ({ $condition }) entrés à { $place }
history-entry-out = { $n } { $item } ({ $condition }) sortis de { $place }
history-and-more = et { $n ->
    [one] { $n } autre
   *[other] { $n } autres
}
history-mark-undone = annulé par
history-mark-reversed = reprise entière : correction
history-mark-corrected = correction
history-error-list-forbidden = le rôle « { $role } » ne voit pas la liste { $list }
history-error-date = la date s’écrit ainsi : { $example }
history-error-no-place = aucun lieu « { $place } »
history-error-no-kind = aucun type de changement « { $kind } »
history-error-no-change = aucun(e) { $kind } nº { $id }
history-error-forbidden = le rôle « { $role } » ne voit pas ce changement ({ $kind })
history-detail-title = { $kind } nº { $id }
history-corrected = Correction nº { $correction } enregistrée ({ $kind } nº { $id }) : voir « Situation actuelle ».
history-undone = Annulé : { $what } — { $lines } (correction nº { $correction }).
history-undone-nothing = Annulé : { $what } (correction nº { $correction }).
history-change-at = { $kind } à { $place }
history-change-between = { $kind } de { $from } à { $to }
history-fact-recorded-by = Enregistré par
history-fact-source = Provenance
history-fact-warehouse = Entrepôt
history-fact-received-on = Reçu le
history-fact-note = Note
history-fact-site = Lieu
history-fact-handed-out-on = Distribué le
history-fact-from = De
history-fact-at = À
history-fact-to = Vers
history-fact-reason = Motif
history-fact-box = Caisse
history-fact-action = Action
history-fact-van = Camionnette
history-fact-departs-on = Départ le
history-fact-status = État
history-fact-corrects = Corrige
history-fact-moved = { $now } (enregistré à { $recorded })
history-run-page = La page de la tournée
history-now-heading = Situation actuelle
history-now-nothing = Rien : ses corrections ont tout repris.
history-col-place = Lieu
history-col-item = Articles
history-col-qty = Combien
history-unmet-heading = Demandé mais absent
history-entries-heading = Ce que cela a changé dans le stock
history-entries-none = Ce changement n’a déplacé aucun stock.
history-corrections-heading = Corrections
history-corrections-none = Aucune.
history-correction-link = correction nº { $id }
history-correction-by = « { $reason } » par { $who }, { $when }
history-reason-undone = annulé d’un geste
history-undo-offer = { $minutes ->
    [one] Votre dernier changement, fait il y a moins d’une minute :
   *[other] Votre dernier changement, fait il y a moins de { $minutes } minutes :
}
history-reversed-entirely = Ses corrections ont tout repris : plus rien n’en compte dans le stock.
history-correct-heading = Corriger
history-correct-explained = Une correction est un nouveau changement, avec votre motif ; celui-ci reste tel qu’il a été enregistré.
history-reason-label = Motif (obligatoire)
history-reverse-button = Tout reprendre
history-lines-intro = Indiquer ce qu’il aurait dû être
history-line-label = { $item } ({ $condition })
history-lines-button = Enregistrer les lignes corrigées
history-error-line = { $line } : { $problem }
history-error-condition = état inconnu « { $condition } »
history-error-no-lines = au moins une ligne doit être supérieure à 0 : pour tout reprendre, reprenez-le entièrement
history-error-mode = choisissez de le reprendre entièrement ou de corriger ses lignes
history-error-reason = Dites pourquoi : une correction a besoin d’un motif.
history-error-reason-long = Le motif ne doit pas dépasser { $max } caractères.
history-error-short = Il ne reste que { $n } { $item } ({ $condition }) à { $place } : le reste est déjà sorti, la correction ne peut pas en reprendre davantage.
history-error-nothing-to-correct = Ce sont déjà ses quantités : changez une ligne, ou annulez-le entièrement.
history-not-saved = Rien n’a été enregistré : { $why }.
history-back = ← Historique

# Need statements in the history (issue 9): every statement, what replaced it, and
# taking back one raised from a hand-out that was undone.
history-list-all = Tout
history-list-needs = Besoins
history-kind-need = Besoin
history-need-row = Besoin à { $site } : { $n } × { $item }
history-need-stated = déclaré par { $by } le { $on }, enregistré par { $who }
history-need-in-force = En vigueur
history-need-replaced-by = Remplacé par { $n }, déclaré par { $by } le { $on }
history-need-taken-back = Retiré par { $who }, { $when }
history-need-back-to = Retirer ce besoin remet { $site } à { $n }, déclaré par { $by } le { $on }.
history-need-back-to-none = Retirer ce besoin laisse { $site } sans besoin déclaré de { $item }.
history-need-take-back-too = Retirer aussi ce besoin
history-need-take-back = Retirer cette déclaration
history-need-take-back-heading = Retirer ce besoin
history-need-confirm-title = Retirer le besoin de { $n } × { $item } à { $site } ?
history-need-confirm-kept = Il reste dans l’historique, marqué comme retiré, et ne peut plus être remis en vigueur : pour en avoir de nouveau besoin, déclarez-le de nouveau.
history-need-raised-stays = Le besoin de { $n } × { $item } à { $site }, déclaré à partir des demandes de cette distribution, tient toujours.
history-need-raised-into = Ses demandes non servies sont entrées dans le besoin de { $n } × { $item } à { $site }.
history-need-withdrawn = Retiré : le besoin de { $n } × { $item } à { $site } ne reste que dans l’historique.
history-need-now = En vigueur maintenant : { $n }, déclaré par { $by } le { $on }.
history-need-now-none = { $site } n’a plus de besoin déclaré de { $item }.
history-need-fact-item = Article
history-need-fact-quantity = Quantité
history-need-fact-stated-by = Déclaré par
history-need-fact-stated-on = Déclaré le
history-need-fact-needed-by = Pour le
history-need-fact-recorded-at = Enregistré le
history-need-raised-from = Déclaré à partir des demandes non servies des distributions
history-need-statements = Toutes les déclarations pour { $item } à { $site }
history-need-line = { $n }, déclaré par { $by } le { $on }
history-need-needs-page = La page des besoins
history-need-error-role = le rôle « { $role } » ne déclare pas de besoins
history-need-error-withdrawn = cette déclaration a déjà été retirée
history-need-error-replaced = une déclaration plus récente l’a remplacée, et seule la déclaration en vigueur peut être retirée
history-need-error-stands = seule une déclaration faite à partir d’une distribution annulée depuis, ou la vôtre des 10 dernières minutes, peut être retirée : déclarez de nouveau le besoin
# The corrected-lines form made quick, signs and labels that never read alike (issue 9).
history-lines-more = Ajouter une catégorie qu’il n’avait pas ({ $n })
history-reverse-heading = Ou tout reprendre
history-not-saved-list = Rien n’a été enregistré. À corriger :
history-undo-of = annulation de { $what }
history-correction-of = correction de { $what }
history-mark-then-undone = , annulée par
history-by-demo = Saison de démonstration
history-entries-show = Afficher les { $n } écritures
