-- 0003_organisations: the organisations a person can choose at registration
-- (issue #3), with names in Welsh and English from reference/domain.md section 4:
-- the 22 principal councils (code = the council's 3-letter code; Welsh name as
-- the council writes it; English name the council's official one), the 7
-- health boards, the 3 NHS Wales trusts, Welsh Government, and "Other" (whose
-- real name the person types; kept in users.org_other).
--
-- INSERT IGNORE on the unique code: re-runnable, and an admin's later edit of
-- a name is never overwritten.

INSERT IGNORE INTO organisations (code, kind, name_cy, name_en) VALUES
    ('AGY', 'local_authority', 'Cyngor Sir Ynys Môn', 'Isle of Anglesey County Council'),
    ('BGE', 'local_authority', 'Cyngor Bwrdeistref Sirol Pen-y-bont ar Ogwr', 'Bridgend County Borough Council'),
    ('BGW', 'local_authority', 'Cyngor Bwrdeistref Sirol Blaenau Gwent', 'Blaenau Gwent County Borough Council'),
    ('CAY', 'local_authority', 'Cyngor Bwrdeistref Sirol Caerffili', 'Caerphilly County Borough Council'),
    ('CGN', 'local_authority', 'Cyngor Sir Ceredigion', 'Ceredigion County Council'),
    ('CMN', 'local_authority', 'Cyngor Sir Gaerfyrddin', 'Carmarthenshire County Council'),
    ('CRF', 'local_authority', 'Cyngor Caerdydd', 'Cardiff Council'),
    ('CWY', 'local_authority', 'Cyngor Bwrdeistref Sirol Conwy', 'Conwy County Borough Council'),
    ('DEN', 'local_authority', 'Cyngor Sir Ddinbych', 'Denbighshire County Council'),
    ('FLN', 'local_authority', 'Cyngor Sir y Fflint', 'Flintshire County Council'),
    ('GWN', 'local_authority', 'Cyngor Sir Gwynedd', 'Gwynedd Council'),
    ('MON', 'local_authority', 'Cyngor Sir Fynwy', 'Monmouthshire County Council'),
    ('MTY', 'local_authority', 'Cyngor Bwrdeistref Sirol Merthyr Tudful', 'Merthyr Tydfil County Borough Council'),
    ('NTL', 'local_authority', 'Cyngor Bwrdeistref Sirol Castell-nedd Port Talbot', 'Neath Port Talbot County Borough Council'),
    ('NWP', 'local_authority', 'Cyngor Dinas Casnewydd', 'Newport City Council'),
    ('PEM', 'local_authority', 'Cyngor Sir Penfro', 'Pembrokeshire County Council'),
    ('POW', 'local_authority', 'Cyngor Sir Powys', 'Powys County Council'),
    ('RCT', 'local_authority', 'Cyngor Bwrdeistref Sirol Rhondda Cynon Taf', 'Rhondda Cynon Taf County Borough Council'),
    ('SWA', 'local_authority', 'Cyngor Sir a Dinas Abertawe', 'City and County of Swansea'),
    ('TOF', 'local_authority', 'Cyngor Bwrdeistref Sirol Torfaen', 'Torfaen County Borough Council'),
    ('VGL', 'local_authority', 'Cyngor Bwrdeistref Sirol Bro Morgannwg', 'Vale of Glamorgan Council'),
    ('WRX', 'local_authority', 'Cyngor Bwrdeistref Sirol Wrecsam', 'Wrexham County Borough Council'),
    ('HB-ABUHB', 'health_board', 'Bwrdd Iechyd Prifysgol Aneurin Bevan', 'Aneurin Bevan University Health Board'),
    ('HB-BCUHB', 'health_board', 'Bwrdd Iechyd Prifysgol Betsi Cadwaladr', 'Betsi Cadwaladr University Health Board'),
    ('HB-CVUHB', 'health_board', 'Bwrdd Iechyd Prifysgol Caerdydd a''r Fro', 'Cardiff and Vale University Health Board'),
    ('HB-CTMUHB', 'health_board', 'Bwrdd Iechyd Prifysgol Cwm Taf Morgannwg', 'Cwm Taf Morgannwg University Health Board'),
    ('HB-HDUHB', 'health_board', 'Bwrdd Iechyd Prifysgol Hywel Dda', 'Hywel Dda University Health Board'),
    ('HB-PTHB', 'health_board', 'Bwrdd Iechyd Addysgu Powys', 'Powys Teaching Health Board'),
    ('HB-SBUHB', 'health_board', 'Bwrdd Iechyd Prifysgol Bae Abertawe', 'Swansea Bay University Health Board'),
    ('TR-VUNHST', 'nhs_trust', 'Ymddiriedolaeth GIG Prifysgol Felindre', 'Velindre University NHS Trust'),
    ('TR-WAST', 'nhs_trust', 'Ymddiriedolaeth GIG Gwasanaethau Ambiwlans Cymru', 'Welsh Ambulance Services NHS Trust'),
    ('TR-PHW', 'nhs_trust', 'Iechyd Cyhoeddus Cymru', 'Public Health Wales'),
    ('WG', 'government', 'Llywodraeth Cymru', 'Welsh Government'),
    ('OTHER', 'other', 'Arall', 'Other');
