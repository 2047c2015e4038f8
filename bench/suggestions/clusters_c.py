# ruff: noqa: E501  (hand-written sentences of the evaluation set; wrapping them hurts review)
"""Hand-written clusters, part C: institutions, tourism, salt, weaving, sago, inputs. See clusters_a."""

CLUSTERS_C = [
    {
        "key": "musyawarah_sepi",
        "themes": ["kelembagaan"],
        "where": "both",
        "happened": [
            "Musyawarah desa untuk RKPDes hanya dihadiri perangkat desa dan beberapa tokoh, warga biasa tidak datang.",
            "Rapat dusun sepi, yang hadir kurang dari sepuluh orang sehingga keputusan tidak dianggap sah oleh warga.",
            "Warga enggan ikut musrenbang desa karena merasa usulan mereka tidak pernah dilaksanakan.",
            "Undangan musyawarah disebar sehari sebelumnya dan bertepatan dengan hari pasar, peserta sedikit.",
            "Pertemuan perencanaan desa selalu molor dan peserta pulang sebelum selesai.",
        ],
        "why": [
            "Usulan tahun-tahun sebelumnya tidak ada kabarnya, warga kecewa.",
            "Waktu pertemuan bertabrakan dengan kerja kebun dan melaut.",
        ],
        "tried": [
            (
                "Desa memasang papan informasi berisi usulan yang diterima dan yang ditolak beserta alasannya, dan musyawarah diadakan sore hari setelah kerja. Kehadiran naik.",
                "berhasil",
            ),
            (
                "Musyawarah didahului rembuk di tiap dusun, hasilnya dibawa wakil dusun. Lebih banyak suara warga masuk.",
                "berhasil",
            ),
            (
                "Desa memberi uang transport kepada peserta. Peserta datang hanya untuk uang dan pulang cepat.",
                "tidak",
            ),
        ],
        "queries": [
            "rapat desa yg datang sedikit skali",
            "musdes sepi, warga tdk mau datang",
            "Warga malas ikut musyawarah karena usulan mereka tidak pernah dikerjakan, yang datang cuma perangkat desa.",
        ],
    },
    {
        "key": "perempuan_partisipasi",
        "themes": ["kelembagaan"],
        "where": "both",
        "happened": [
            "Perempuan jarang hadir dalam musyawarah desa dan kalau hadir tidak berbicara.",
            "Usulan kelompok perempuan seperti posyandu dan air bersih tidak masuk daftar prioritas desa.",
            "Dalam rapat desa, ibu-ibu duduk di belakang dan keputusan diambil oleh bapak-bapak saja.",
            "Keterwakilan perempuan dalam musrenbang kurang dari sepuluh persen peserta.",
        ],
        "why": [
            "Adat menempatkan pembicaraan di rapat sebagai urusan laki-laki.",
            "Jadwal rapat bersamaan dengan waktu memasak dan mengurus anak.",
        ],
        "tried": [
            (
                "Desa mengadakan musyawarah khusus perempuan sebelum musdes, hasilnya dibacakan wakil perempuan. Dua usulan perempuan masuk RKPDes.",
                "berhasil",
            ),
            (
                "Kepala desa mewajibkan setiap dusun mengirim minimal dua perempuan. Mereka hadir tetapi masih jarang bersuara.",
                "sebagian",
            ),
        ],
        "queries": [
            "perempuan tdk bersuara di musdes",
            "usulan ibu2 tidak pernah masuk prioritas desa",
        ],
    },
    {
        "key": "konflik_batas_lahan",
        "themes": ["kelembagaan"],
        "where": "both",
        "happened": [
            "Sengketa batas tanah ulayat antara dua marga menghentikan pembangunan jalan tani.",
            "Pembangunan embung tertunda karena pemilik lahan menuntut ganti rugi setelah pekerjaan dimulai.",
            "Lahan untuk kantor BUMDes diklaim oleh keluarga lain setelah bangunan setengah jadi.",
        ],
        "why": [
            "Tidak ada surat pelepasan hak atau hibah tertulis sebelum pekerjaan dimulai.",
        ],
        "tried": [
            (
                "Desa bersama tua adat mengadakan pertemuan para pihak dan membuat surat hibah yang ditandatangani semua ahli waris dan saksi adat. Pekerjaan dilanjutkan.",
                "berhasil",
            ),
            (
                "Kecamatan menengahi sengketa. Belum ada kesepakatan, pekerjaan dipindah ke lokasi lain.",
                "tidak",
            ),
        ],
        "queries": [
            "pembangunan terhenti krn sengketa tanah ulayat",
        ],
    },
    {
        "key": "pariwisata_pantai",
        "themes": ["pariwisata"],
        "where": "53.18",
        "happened": [
            "Pantai desa mulai dikunjungi wisatawan, tetapi sampah menumpuk dan tidak ada toilet.",
            "Pokdarwis sudah dibentuk namun tidak ada pemasukan karena pengunjung masuk tanpa membayar.",
            "Wisatawan datang melihat kampung adat dan pasola, tetapi warga tidak mendapat penghasilan.",
            "Homestay yang dibangun dari Dana Desa jarang ditempati tamu.",
        ],
        "why": [
            "Tidak ada pengelolaan dan promosi, dan desa tidak punya aturan retribusi.",
            "Warga tidak tahu cara melayani tamu dan tidak ada paket wisata.",
        ],
        "tried": [
            (
                "Pokdarwis membuat karcis masuk dan parkir, sebagian hasilnya untuk kebersihan pantai. Pantai lebih bersih dan ada pemasukan desa.",
                "berhasil",
            ),
            (
                "Desa bekerja sama dengan pemandu di Tambolaka untuk paket kunjungan kampung adat dan tenun. Mulai ada rombongan tamu.",
                "sebagian",
            ),
            (
                "Promosi lewat media sosial oleh pemuda. Pengunjung naik sebentar lalu sepi lagi.",
                "sebagian",
            ),
        ],
        "queries": [
            "pantai wisata desa banyak sampah, pokdarwis tdk ada pemasukan",
            "Tamu datang ke kampung adat tapi warga tidak dapat apa-apa",
        ],
    },
    {
        "key": "garam_rakyat",
        "themes": ["pemasaran", "keterampilan"],
        "where": "53.18",
        "happened": [
            "Garam rakyat hasil masak air laut dijual murah karena warnanya kusam dan kotor.",
            "Produksi garam kelompok berhenti saat musim hujan dan kayu bakar untuk memasak garam makin sulit.",
            "Petani garam tidak bisa menjual ke toko karena garam belum beryodium dan tidak punya izin edar.",
            "Tambak garam kelompok terendam banjir rob, hasil musim itu hilang.",
        ],
        "why": [
            "Garam dimasak dengan tungku kayu di wadah seng tanpa penyaringan.",
            "Tidak ada pelatihan yodisasi dan pengemasan.",
        ],
        "tried": [
            (
                "Kelompok beralih ke tunnel garam dengan plastik geomembran sehingga tidak butuh kayu bakar. Garam lebih putih dan harga naik.",
                "berhasil",
            ),
            (
                "Dinas perindustrian melatih yodisasi dan memberi alat pengemas. Izin edar masih diurus.",
                "belum_diketahui",
            ),
        ],
        "queries": [
            "garam masak dijual murah krn kotor, kayu bakar susah",
        ],
    },
    {
        "key": "tenun_pemasaran",
        "themes": ["pemasaran", "keterampilan"],
        "where": "53.18",
        "happened": [
            "Kain tenun ikat ibu-ibu menumpuk di rumah karena tidak ada pembeli selain saat acara adat.",
            "Penenun menjual kain kepada pedagang dari Waikabubak dengan harga yang tidak sebanding dengan waktu menenun tiga bulan.",
            "Benang dan pewarna untuk tenun mahal dan harus dibeli di kota, modal penenun tidak cukup.",
            "Kelompok tenun tidak bisa memenuhi pesanan dari Kupang karena motif dan ukuran tidak seragam.",
        ],
        "why": [
            "Penenun tidak punya akses ke pembeli di luar dan tidak ada tempat pajang.",
            "Setiap penenun bekerja sendiri, tidak ada pembelian bahan bersama.",
        ],
        "tried": [
            (
                "Kelompok membeli benang bersama dengan modal BUMDes dan menjual lewat galeri di Tambolaka. Penjualan lebih teratur.",
                "berhasil",
            ),
            (
                "Pemuda desa memotret kain dan menjual lewat Facebook. Ada beberapa pesanan dari luar daerah.",
                "sebagian",
            ),
            ("Desa mengikuti pameran di kabupaten. Kain terjual saat pameran saja.", "sebagian"),
        ],
        "queries": [
            "penenun susah jual kain",
            "kain tenun ibu2 tdk laku, cuma dibeli pas acara adat",
        ],
    },
    {
        "key": "sagu_olahan",
        "themes": ["keterampilan", "pemasaran"],
        "where": "81.05",
        "happened": [
            "Pohon sagu banyak di dusun tetapi warga hanya mengolah untuk makan sendiri, tidak ada yang dijual.",
            "Tepung sagu basah (sagu tumang) cepat asam dan tidak tahan dibawa ke pasar Bula.",
            "Pengolahan sagu masih manual dengan nani dan memakan waktu berhari-hari, hasil sedikit.",
            "Hutan sagu dibuka untuk kebun dan pohon sagu muda tidak ditanam kembali.",
        ],
        "why": [
            "Tidak ada alat parut mesin dan tidak ada pengetahuan mengeringkan tepung sagu.",
            "Anak muda tidak mau lagi bekerja memangkur sagu.",
        ],
        "tried": [
            (
                "BUMDes membeli mesin parut sagu yang disewakan ke warga. Waktu olah jauh lebih singkat dan sagu mulai dijual.",
                "berhasil",
            ),
            (
                "Kelompok perempuan dilatih membuat sagu kering, bagea dan sagu lempeng untuk oleh-oleh. Laku di Bula saat hari raya.",
                "sebagian",
            ),
        ],
        "queries": [
            "olah sagu masih manual, tepung sagu cepat asam",
        ],
    },
    {
        "key": "pupuk_langka",
        "themes": ["hama", "pemasaran"],
        "where": "53.18",
        "happened": [
            "Pupuk bersubsidi tidak tersedia di kios saat musim tanam, petani membeli pupuk nonsubsidi yang mahal.",
            "Jatah pupuk urea kelompok tani datang terlambat setelah padi sudah berumur satu bulan.",
            "Petani tidak mendapat pupuk subsidi karena tidak terdaftar dalam RDKK.",
            "Harga pupuk di kios lebih tinggi dari harga eceran tertinggi dan petani tidak tahu harus melapor ke mana.",
        ],
        "why": [
            "Kelompok tani terlambat menyusun RDKK dan data petani tidak diperbarui.",
            "Kios pupuk hanya ada di kota kecamatan dan pasokan dari distributor tidak menentu.",
        ],
        "tried": [
            (
                "Penyuluh membantu kelompok memperbarui RDKK sebelum batas waktu. Musim berikutnya jatah pupuk datang tepat.",
                "berhasil",
            ),
            (
                "Petani membuat pupuk kompos dan pupuk kandang sendiri sebagai pengganti sebagian urea. Biaya pupuk turun.",
                "sebagian",
            ),
        ],
        "queries": [
            "pupuk subsidi langka saat tanam, tdk terdaftar rdkk",
        ],
    },
    {
        "key": "bibit_bantuan_mati",
        "themes": ["hama", "penyuluhan"],
        "where": "both",
        "happened": [
            "Bibit kakao dan pala bantuan dinas datang di musim kemarau sehingga sebagian besar mati setelah ditanam.",
            "Bibit cengkeh dari program pemerintah dibagikan tanpa polibag dan akar sudah kering.",
            "Bibit durian dan kelapa genjah bantuan menumpuk di kantor desa berminggu-minggu sebelum dibagikan, banyak yang layu.",
        ],
        "why": [
            "Jadwal pengiriman bibit tidak menyesuaikan musim tanam dan tidak ada tempat penampungan bibit.",
        ],
        "tried": [
            (
                "Desa membuat persemaian sementara dengan naungan dan menunda pembagian sampai hujan turun. Bibit yang hidup jauh lebih banyak.",
                "berhasil",
            ),
            (
                "Desa meminta dinas mengganti bibit yang mati. Dijanjikan tahun depan.",
                "belum_diketahui",
            ),
        ],
        "queries": [
            "bibit bantuan banyak mati krn datang musim kemarau",
        ],
    },
    {
        "key": "jalan_angkut_hasil",
        "themes": ["pemasaran"],
        "where": "both",
        "happened": [
            "Jalan ke kebun rusak berat sehingga hasil panen pisang dan kelapa harus dipikul berjam-jam.",
            "Ongkos ojek untuk membawa hasil kebun ke jalan raya lebih mahal dari harga jualnya.",
            "Saat musim hujan jalan desa berlumpur dan truk pembeli tidak mau masuk.",
        ],
        "why": [
            "Jalan tani hanya jalan setapak tanah dan tidak ada drainase.",
        ],
        "tried": [
            (
                "Desa membangun jalan rabat beton bertahap dari Dana Desa dengan swadaya warga. Truk pembeli mulai masuk ke dusun.",
                "berhasil",
            ),
            (
                "Warga kerja bakti menimbun jalan dengan batu karang. Bertahan satu musim.",
                "sebagian",
            ),
        ],
        "queries": [
            "jalan kebun rusak, truk pembeli tdk mau masuk",
        ],
    },
    {
        "key": "pelatihan_tidak_dipakai",
        "themes": ["keterampilan", "penyuluhan"],
        "where": "both",
        "happened": [
            "Peserta pelatihan menjahit dari desa tidak pernah memakai ilmunya karena tidak ada mesin jahit.",
            "Pelatihan pengolahan pangan diikuti orang yang sama setiap tahun, tetapi tidak ada usaha yang jalan.",
            "Alat bengkel hasil pelatihan pemuda tersimpan di kantor desa dan tidak dipakai.",
        ],
        "why": [
            "Pelatihan tidak diikuti modal, alat, atau pendampingan sesudahnya.",
            "Peserta dipilih dari kerabat perangkat, bukan orang yang berminat berusaha.",
        ],
        "tried": [
            (
                "Desa memilih peserta lewat pendaftaran terbuka dan menyertakan paket alat serta pendampingan tiga bulan. Dua usaha kecil berjalan.",
                "berhasil",
            ),
            (
                "Alat dipinjamkan kepada kelompok pemuda dengan perjanjian. Dipakai sebentar lalu rusak.",
                "tidak",
            ),
        ],
        "queries": [
            "pelatihan keterampilan tdk ada hasil, alat nganggur",
        ],
    },
]
