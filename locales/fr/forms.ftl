# Ce que partagent toutes les pages de formulaire : la ligne du haut quand un formulaire est refusé, la page de confirmation.
form-nothing-saved = Rien n’a été enregistré : { $reasons }.
form-cancel = Annuler
