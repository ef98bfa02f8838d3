# نموذج الاستلام: ما وصل من مهرجان أو متبرّع، وإلى أي مستودع.
intake-title = الاستلام
intake-heading = تسجيل استلام
intake-source = المصدر (مهرجان أو متبرّع)
intake-source-example = مثلاً: Glastonbury 2026، أو اسم المتبرّع.
intake-warehouse = المستودع
intake-received-on = تاريخ الاستلام
intake-what-came-in = ما وصل
intake-what-came-in-help = اكتب العدد في كل حالة، واترك الباقي فارغاً.
intake-more = فئات أخرى ({ $n })
intake-note = ملاحظة (اختيارية؛ بلا أسماء أو أرقام أشخاص أبداً)
intake-save = حفظ الاستلام
intake-refused = { $n ->
    [one] لم يُحفظ شيء: حقل واحد يحتاج إلى مراجعة (معلَّم أدناه).
    [two] لم يُحفظ شيء: حقلان يحتاجان إلى مراجعة (معلَّمان أدناه).
    [few] لم يُحفظ شيء: { $n } حقول تحتاج إلى مراجعة (معلَّمة أدناه).
   *[other] لم يُحفظ شيء: { $n } حقلاً تحتاج إلى مراجعة (معلَّمة أدناه).
}
intake-saved = { $n ->
    [one] سُجّلت قطعة واحدة من { $source } في { $warehouse }: { $lines }.
    [two] سُجّلت قطعتان من { $source } في { $warehouse }: { $lines }.
    [few] سُجّلت { $n } قطع من { $source } في { $warehouse }: { $lines }.
   *[other] سُجّلت { $n } قطعة من { $source } في { $warehouse }: { $lines }.
}
intake-error-date = يجب أن يكون «تاريخ الاستلام» تاريخاً مثل 2026-08-30.
intake-error-date-range = يجب أن يكون «تاريخ الاستلام» بين 2000-01-01 والغد.
intake-error-category = لا توجد فئة «{ $category }» في الكتالوج.
intake-error-empty = اكتب عدد شيء واحد على الأقل.
intake-error-source-empty = اكتب من أين جاءت هذه الأشياء: المهرجان أو الحقل أو المتبرّع.
intake-error-warehouse = لا يوجد مستودع «{ $warehouse }»: اختر مستودعاً من القائمة.
