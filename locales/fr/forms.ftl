# Ce que partagent toutes les pages de formulaire : la ligne du haut quand un formulaire est refusé, la page de confirmation.
form-nothing-saved = Rien n’a été enregistré. { $reasons }
form-cancel = Annuler
form-error-in = { $field } : { $problem }
form-to-put-right = { $n ->
    [one] Rien n’a été enregistré : un point à corriger, indiqué plus bas.
   *[other] Rien n’a été enregistré : { $n } points à corriger, indiqués plus bas.
}
# Un nombre tapé dans une case : les trois mêmes phrases dans tous les formulaires.
number-not-whole = « { $raw } » n’est pas un nombre entier : tapez seulement des chiffres, par exemple 3.
number-at-least = Ce nombre doit valoir au moins { $min }.
number-at-most = Ce nombre doit valoir au plus { $max }.
