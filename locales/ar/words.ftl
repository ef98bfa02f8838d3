# كلمات تشترك فيها عدة صفحات: الحالات، ومجموعات الكتالوج، وما الخطأ في نص مكتوب.
condition-good = جيدة
condition-usable = صالحة
condition-needs-drying = تحتاج تجفيفاً
condition-needs-cleaning = تحتاج تنظيفاً
condition-needs-repair = تحتاج إصلاحاً
condition-unusable = غير صالحة
group-shelter = المأوى
group-sleeping = النوم
group-cooking = الطبخ
group-clothing = الملابس
group-food = الطعام
group-bikes = الدراجات
group-other = أخرى
text-control = يجب ألا يحتوي حقل «{ $field }» على رموز تحكّم (NUL، أو مسافة جدولة، أو فواصل أسطر).
text-phone = يجب ألا يحتوي حقل «{ $field }» على أرقام هواتف: لا يحتفظ Haul بأي سجل عن الأشخاص الذين يخدمهم.
text-email = يجب ألا يحتوي حقل «{ $field }» على عناوين بريد إلكتروني: لا يحتفظ Haul بأي سجل عن الأشخاص الذين يخدمهم.
text-too-long = يجب ألا يتجاوز حقل «{ $field }» { $max } حرفاً.
field-note = الملاحظة
field-source = المصدر
location-kind-warehouse = مستودع
location-kind-site = موقع
location-kind-van = شاحنة
}
