# Corrections (issue 9) : pourquoi une annulation en un geste est refusée (src/corrections/model.rs).
corrections-undo-not-yours = seul·e { $author } peut annuler ce changement ({ $kind }) : demandez à un·e bénévole d’entrepôt ou à un·e coordinateur·rice de le corriger
corrections-undo-not-last = ce changement ({ $kind }) n’est pas votre dernier : corrigez-le plutôt avec une raison sur sa page
corrections-undo-too-late = plus de { $minutes } minutes ont passé depuis ce changement ({ $kind }) : corrigez-le plutôt avec une raison sur sa page
corrections-undo-an-undo = ce changement est une annulation, qui ne s’annule pas à son tour : enregistrez plutôt le changement à nouveau
